// HTML: a saved web page reduced to its text with a maintained parser (htmlparser2: small, pure
// JS, streaming, forgiving of the broken markup government sites serve), keeping paragraphs as
// lines so the usual cleaning and segmenting work on it.
import { Parser } from 'htmlparser2';

/** Elements whose content is never report text. */
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'select', 'button',
  'textarea', 'map', 'audio', 'video',
]);
/** Elements that start and end a line. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'legend',
  'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'body',
]);
/** Table cells: neighbours on one line, kept apart. */
const CELL = new Set(['td', 'th']);

// Inline `display:none` hides share widgets and duplicate mobile copies of the body.
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

export function htmlToText(html: string): string {
  const out: string[] = [];
  let title = '';
  let hasH1 = false;
  let inTitle = false;
  let skip = 0; // depth of open elements whose content is dropped
  let inHead = 0;
  let inPre = 0;
  // Whether each open element started a skip, so the matching close ends it.
  const stack: boolean[] = [];

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const skips = SKIP.has(name) || 'hidden' in attrs || (attrs.style !== undefined && HIDDEN_STYLE.test(attrs.style));
        stack.push(skips);
        if (skips) skip++;
        if (name === 'head') inHead++;
        if (name === 'pre') inPre++;
        // The page's own <title>, not the first <title> of an inline SVG icon.
        if (name === 'title' && !skip && !title) inTitle = true;
        if (name === 'h1' && !skip) hasH1 = true;
        if (BLOCK.has(name)) out.push('\n');
        else if (CELL.has(name)) out.push(' ');
      },
      ontext(text) {
        if (inTitle) title += text;
        // Text in <head> outside <title> is stray markup, not content.
        else if (!skip && !inHead) out.push(inPre ? text : flow(text));
      },
      onclosetag(name) {
        if (stack.pop()) skip--;
        if (name === 'head' && inHead) inHead--;
        if (name === 'pre' && inPre) inPre--;
        if (name === 'title') inTitle = false;
        if (BLOCK.has(name)) out.push('\n');
        else if (CELL.has(name)) out.push(' ');
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

  const body = out
    .join('')
    .split('\n')
    .map(squash)
    .filter(Boolean)
    .join('\n');
  // The page title usually repeats the headline, often with the site name; it is only the best
  // headline there is when the page has no <h1>.
  const t = squash(title);
  return !hasH1 && t && !body.startsWith(t) ? (body ? `${t}\n${body}` : t) : body;
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/**
 * Source line breaks inside a paragraph are not line breaks (only block elements make lines):
 * they read as a space, or as nothing between two Chinese characters, as in 核酸\n检测.
 */
function flow(text: string): string {
  return text.replace(/\s+/g, (ws, at: number) =>
    /[\n\r]/.test(ws) && CJK.test(text[at - 1] ?? '') && CJK.test(text[at + ws.length] ?? '') ? '' : ' ',
  );
}

/** Collapses runs of whitespace (&nbsp; and U+3000 included) inside a line to one space, and trims it. */
function squash(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

/**
 * The charset an HTML page declares for itself (<meta charset> or the http-equiv content-type),
 * as the name of the decoder to use: 'gb18030' for gb2312/gbk/gb18030, 'big5', 'utf-8'.
 * Read from the first 4 KB as Latin-1, which keeps every ASCII byte of the markup intact. The
 * label is a hint: decodeBytes still checks it against the bytes.
 */
export function sniffHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = latin1Head(bytes);
  // A declaration names a charset or an encoding. Parse up to the end of the tag holding the
  // first such word: the same tokens as the whole head up to there, so what is found there is
  // what the whole head gives; only when nothing is, parse the whole head.
  const at = head.search(/charset|encoding/i);
  if (at < 0) return undefined;
  const close = head.indexOf('>', at);
  if (close >= 0 && close + 1 < head.length) {
    const early = declaredCharset(head.slice(0, close + 1));
    if (early !== undefined) return charsetDecoder(early);
  }
  const found = declaredCharset(head);
  return found ? charsetDecoder(found) : undefined;
}

// Buffer's latin1 is a plain copy, TextDecoder's goes through ICU at a few ns a byte. Node's
// TextDecoder('latin1') maps every byte to the same code point as Buffer's; a runtime that
// follows WHATWG (windows-1252, where 0x80-0x9f differ) keeps using TextDecoder.
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const BUFFER_LATIN1 = new TextDecoder('latin1').decode(ALL_BYTES) === Buffer.from(ALL_BYTES).toString('latin1');

function latin1Head(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 4096);
  return BUFFER_LATIN1 ? Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1') : new TextDecoder('latin1').decode(head);
}

function declaredCharset(head: string): string | undefined {
  let found: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (found !== undefined) return;
        if (name === 'meta') {
          const charset = attrs.charset ?? (/content-type/i.test(attrs['http-equiv'] ?? '') ? /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(attrs.content ?? '')?.[1] : undefined);
          if (charset) found = charset;
        }
      },
      oncomment(data) {
        // XHTML pages may declare it only in <?xml … encoding="gbk"?>, a comment to an HTML parser.
        if (found === undefined && /^\?xml\s/i.test(data)) found = /encoding\s*=\s*["']?([\w.:-]+)/i.exec(data)?.[1];
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(head);
  parser.end();
  return found;
}

/** Maps a charset label (gb2312, GBK, big5-hkscs, utf8…) to the decoder fangkong uses, if any. */
export function charsetDecoder(label: string): string | undefined {
  let name: string;
  try {
    name = new TextDecoder(label.trim()).encoding;
  } catch {
    return undefined;
  }
  // GB18030 is a superset of GB2312 and GBK; a page "in UTF-16" is, by the HTML standard, UTF-8.
  if (name === 'gbk' || name === 'gb18030') return 'gb18030';
  if (name === 'utf-16le' || name === 'utf-16be' || name === 'utf-8') return 'utf-8';
  return name === 'big5' ? 'big5' : undefined;
}
