// Bytes → Document: decode, reduce web pages to text, strip pinyin annotations, detect the
// script, convert Traditional to Simplified for matching, and clean off page chrome.
import { decodeBytes, sniffHtmlCharset } from './decode.js';
import { htmlToText } from './html.js';
import { cleanText } from './clean.js';
import { detectScript, stripPinyin, toSimplified } from './script.js';
import type { Document, Skipped } from './types.js';

const HTML_EXT = /\.(x?html?|shtml|php|aspx?|jsp)$/i;
const HTML_START = /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i;

export function buildDocument(file: string, bytes: Uint8Array): Document | Skipped {
  const decoded = decodeBytes(bytes, HTML_EXT.test(file) ? sniffHtmlCharset(bytes) : undefined);
  if ('error' in decoded) return { file, reason: decoded.error };
  let text = decoded.text;
  let encoding = decoded.encoding;
  if (HTML_EXT.test(file) || HTML_START.test(text.slice(0, 512))) {
    text = htmlToText(text);
    encoding += '+html';
  }
  text = stripPinyin(text);
  const script = detectScript(text);
  // Only Traditional documents are converted: converting Simplified text damages names (乾县 → 干县).
  const simplified = script === 'traditional' ? toSimplified(text) : text;
  const cleaned = cleanText(simplified);
  if (!/\p{Script=Han}/u.test(cleaned.text)) return { file, reason: 'no Chinese text (not a report)' };
  const original = script === 'traditional' ? restoreOriginal(cleaned.text, simplified, text) : cleaned.text;
  return {
    file,
    raw: text,
    original,
    text: cleaned.text,
    script,
    encoding,
    title: cleaned.title,
    source: cleaned.source,
    publishedLine: cleaned.publishedLine,
  };
}

// Cleaning ran on the Simplified conversion; find each kept line in it and take the same line of
// the original. The conversion maps character for character on report text, so the same slice
// of the original is the same words in the original script; where it does not, keep Simplified.
function restoreOriginal(cleaned: string, simplified: string, original: string): string {
  if (simplified.length !== original.length) return cleaned;
  let from = 0;
  return cleaned
    .split('\n')
    .map((line) => {
      if (!line) return line;
      const at = simplified.indexOf(line, from);
      if (at < 0) return line;
      from = at + line.length;
      return original.slice(at, at + line.length);
    })
    .join('\n');
}
