// Decode: bytes → text. UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK and Big5.
// UTF-8 is decided by validity: legacy Chinese text is practically never valid UTF-8 beyond a
// couple of characters. GB18030 and Big5 cannot be told apart by validity (nearly any Big5 file
// is valid GB18030, and most GBK files are valid Big5), so a sample of the text is decoded both
// ways and the decoding whose characters look like everyday Chinese wins: a wrong decoding
// scatters over rare characters, private-use code points, kana and Cyrillic.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { charsetDecoder } from './html.js';
import { dataDir } from './paths.js';
import { utf8Text } from './utf8.js';

export { sniffHtmlCharset } from './html.js';

export type Decoded = { text: string; encoding: string } | { error: string };

/** Bytes decoded to choose between legacy encodings; the rest of the file follows the choice. */
const SAMPLE_BYTES = 64 * 1024;
/** Below this mean character weight (see weightTables) a decoding is gibberish, not Chinese. */
const MIN_PLAUSIBLE = 0.5;
/** Fewer telling characters than this are too little evidence to call a file gibberish. */
const MIN_EVIDENCE = 4;

/** What a charset declared by the file itself adds to its decoding's mean weight. */
const HINT_BONUS = 2;

const LEGACY = ['gb18030', 'big5'] as const;

type Tables = { any: Int8Array; gb: Int8Array };
let tables: Tables | undefined;

/**
 * A weight per UTF-16 code unit: how typical the character is of Chinese report text. Everyday
 * Han characters and CJK punctuation score high; characters a wrong decoding produces (rare and
 * extension Han, private use, replacement, kana, Greek/Cyrillic, compatibility forms) score low.
 * Built on first use from src/data/common-hanzi.txt (common characters by rank, both scripts).
 * The `gb` table scores Traditional-only characters as uncommon: GBK can encode them, but a
 * GB18030 reading full of them is more likely Big5 bytes misread than a Traditional GBK file.
 */
function weightTables(): Tables {
  if (tables) return tables;
  const w = new Int8Array(0x10000);
  const set = (lo: number, hi: number, v: number) => w.fill(v, lo, hi + 1);
  set(0x80, 0x9f, -8); // C1 controls
  // Accented Latin: GB's pinyin row (ā á ǎ à…) is where Big5 bytes often land in a GB reading.
  set(0xc0, 0x2af, -1);
  w[0xd7] = w[0xf7] = 0; // × ÷
  set(0x370, 0x4ff, -2); // Greek, Cyrillic: Big5 read as GB lands in GB's Greek/Cyrillic rows
  set(0x2010, 0x206f, 1); // — ‘’ “” … ※
  set(0x2500, 0x257f, -1); // box drawing
  set(0x3000, 0x303f, -1); // rare CJK marks such as 〃 and 々 (Big5 ” read as GB is 〃)
  for (const c of '\u3000、。〈〉《》「」『』【】〔〕〖〗') w[c.charCodeAt(0)] = 2;
  set(0x3040, 0x30ff, -1); // kana
  set(0x3100, 0x312f, -2); // bopomofo
  set(0x3400, 0x4dbf, -3); // Han extension A
  set(0x4e00, 0x9fff, -1); // Han outside the common list
  set(0xac00, 0xd7af, -2); // Hangul
  set(0xd800, 0xdfff, -3); // surrogates: supplementary-plane (extension B+) Han
  set(0xe000, 0xf8ff, -8); // private use: GB18030's and Big5's unassigned areas
  set(0xf900, 0xfaff, -3); // compatibility ideographs
  set(0xfe30, 0xfe6f, -2); // vertical and small forms
  set(0xff01, 0xff5e, 1); // full-width letters and digits
  for (const c of '，：；（）！？％．／－') w[c.charCodeAt(0)] = 2;
  set(0xff61, 0xff9f, -2); // half-width katakana
  w[0xfffd] = -8;
  // Weight by frequency rank: a right decoding is dominated by the top few hundred characters,
  // a wrong one lands anywhere in the encoding's table.
  const simplified = new Set<number>();
  const traditional: number[] = [];
  const entries = readFileSync(join(dataDir, 'common-hanzi.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .join(' ')
    .split(' ')
    .filter(Boolean);
  entries.forEach((entry, rank) => {
    const v = rank < 100 ? 6 : rank < 300 ? 5 : rank < 600 ? 4 : rank < 1000 ? 3 : 2;
    // Each entry: a Simplified character, then its Traditional forms.
    simplified.add(entry.charCodeAt(0));
    for (let j = 0; j < entry.length; j++) {
      w[entry.charCodeAt(j)] = v;
      if (j) traditional.push(entry.charCodeAt(j));
    }
  });
  const gb = w.slice();
  for (const c of traditional) if (!simplified.has(c)) gb[c] = -1;
  tables = { any: w, gb };
  return tables;
}

/**
 * Mean weight of the telling code units of `text`: ASCII reads the same in every candidate and
 * neutral characters (Latin-1, &nbsp; padding) say nothing about the encoding either.
 */
function plausibility(text: string, w: Int8Array): { mean: number; n: number } {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || w[c] === 0) continue;
    sum += w[c];
    n++;
  }
  return { mean: n ? sum / n : 0, n };
}

function decode(encoding: string, bytes: Uint8Array, fatal: boolean): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal }).decode(bytes);
  } catch {
    return undefined;
  }
}

function finish(text: string, encoding: string): Decoded {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!/\S/.test(text)) return { error: 'empty file (whitespace only)' };
  return { text: text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text, encoding };
}

const MAGIC: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'PDF'],
  [[0x50, 0x4b, 0x03, 0x04], 'ZIP archive or Office document'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'old Office document'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG image'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF image'],
  [[0xff, 0xd8, 0xff], 'JPEG image'],
  [[0x1f, 0x8b], 'gzip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], '7z archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'executable'],
];

function binaryReason(bytes: Uint8Array): string | undefined {
  for (const [sig, what] of MAGIC) if (sig.every((b, i) => bytes[i] === b)) return `binary file (${what})`;
  // Buffer.indexOf is a memchr: cheap over the whole file, where a text file never has NUL.
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(0) >= 0) return 'binary file (contains NUL bytes)';
  const n = Math.min(bytes.length, SAMPLE_BYTES);
  const ctrl = controlBytes(bytes, n);
  return ctrl >= 4 && ctrl * 100 > n ? 'binary file (control characters)' : undefined;
}

// Tab, LF, VT, FF, CR, SUB (DOS end of file) and ESC (terminal colours) occur in text files.
const isControl = (b: number) => (b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1a && b !== 0x1b) || b === 0x7f;

/**
 * Control bytes among the first `n`. Four bytes at a time: a word with no byte below 0x20 and
 * none equal to 0x7f (the usual bit tricks, exact as a whole-word test) has none, and a text
 * file's words are almost all like that, but for the line breaks.
 */
function controlBytes(bytes: Uint8Array, n: number): number {
  let ctrl = 0;
  // Whole words from the first 4-byte aligned position; single bytes before and after.
  const head = Math.min(n, (4 - (bytes.byteOffset % 4)) % 4);
  const count = (n - head) >>> 2;
  const words = count ? new Uint32Array(bytes.buffer, bytes.byteOffset + head, count) : new Uint32Array(0);
  for (let i = 0; i < head; i++) if (isControl(bytes[i])) ctrl++;
  for (let w = 0; w < count; w++) {
    const x = words[w];
    const y = x ^ 0x7f7f7f7f;
    if ((((x - 0x20202020) & ~x) | ((y - 0x01010101) & ~y)) & 0x80808080) {
      for (let j = head + w * 4; j < head + w * 4 + 4; j++) if (isControl(bytes[j])) ctrl++;
    }
  }
  for (let i = head + count * 4; i < n; i++) if (isControl(bytes[i])) ctrl++;
  return ctrl;
}

/**
 * The bytes to judge the encoding by: from the first non-ASCII byte (always the start of a
 * character, and past any long ASCII page head), ending where no double-byte character is cut.
 */
function sample(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length && bytes[start] < 0x80) start++;
  let end = Math.min(bytes.length, start + SAMPLE_BYTES);
  if (end < bytes.length) {
    // A byte below 0x30 is ASCII in every candidate encoding, never the trail of a GB18030 or
    // Big5 character, so the sample can end after it.
    let cut = end;
    while (cut > start + SAMPLE_BYTES / 2 && bytes[cut - 1] >= 0x30) cut--;
    if (bytes[cut - 1] < 0x30) end = cut;
  }
  return bytes.subarray(start, end);
}

/** `mean` includes the bonus for a declared charset, `plain` does not. */
type Candidate = { encoding: string; mean: number; plain: number; n: number };

/**
 * Scores each encoding on the sample. The declared one (`hint`) wins a close call: wrong
 * readings of real text score several points below the right one, short ambiguous snippets
 * within a point or two.
 */
function rank(part: Uint8Array, encodings: readonly string[], hint?: string): Candidate[] {
  return encodings
    .map((encoding) => {
      const t = weightTables();
      const p = plausibility(decode(encoding, part, false) ?? '', encoding === 'gb18030' ? t.gb : t.any);
      return { encoding, mean: p.mean + (encoding === hint ? HINT_BONUS : 0), plain: p.mean, n: p.n };
    })
    .sort((a, b) => b.mean - a.mean); // stable: ties keep the listed order (GB18030 first)
}

/**
 * Decodes a file's bytes. `hint` is a charset the file declares itself (an HTML meta tag): it is
 * preferred when its decoding is about as plausible as the best, never trusted blindly, since
 * pages re-saved as UTF-8 keep their old gb2312 meta tag.
 */
export function decodeBytes(bytes: Uint8Array, hint?: string): Decoded {
  if (!bytes.length) return { error: 'empty file' };
  // A BOM is a declaration nobody writes by accident.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return finish(decode('utf-8', bytes, false)!, 'utf-8-bom');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return finish(decode('utf-16le', bytes, false)!, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return finish(decode('utf-16be', bytes, false)!, 'utf-16be');
  const declared = hint ? charsetDecoder(hint) : undefined;
  const binary = binaryReason(bytes);
  if (binary) {
    const utf16 = binary.includes('NUL') ? utf16WithoutBom(bytes) : undefined;
    return utf16 ? finish(decode(utf16, bytes, false)!, utf16) : { error: binary };
  }

  const utf8 = utf8Text(bytes);
  if (utf8 !== undefined) {
    if (!shortNonChinese(utf8)) return finish(utf8, 'utf-8');
    // A few non-CJK characters only: a short GBK/Big5 text can be valid UTF-8 by chance
    // (山 is C9 BD, which UTF-8 reads as ɽ). Take a legacy reading only if it is clearly Chinese.
    const [best] = rank(sample(bytes), LEGACY, declared);
    return best.mean >= 2 ? finish(decode(best.encoding, bytes, false)!, best.encoding) : finish(utf8, 'utf-8');
  }

  // Not valid UTF-8. Lenient UTF-8 stays a candidate: a UTF-8 file with a stray bad byte or a
  // cut-off last character scores far above its GB18030/Big5 misreadings.
  const [best] = rank(sample(bytes), [...LEGACY, 'utf-8'], declared);
  if (best.n >= MIN_EVIDENCE && best.plain < MIN_PLAUSIBLE) {
    return { error: 'binary file or unknown encoding (not UTF-8, GB18030 or Big5)' };
  }
  return finish(decode(best.encoding, bytes, false)!, best.encoding);
}

/**
 * UTF-16 saved without a BOM: its ASCII characters put NUL bytes all on one side of each pair,
 * where binary data has them anywhere. Accepted only if the text then reads as Chinese.
 */
function utf16WithoutBom(bytes: Uint8Array): string | undefined {
  if (bytes.length % 2) return undefined;
  const n = Math.min(bytes.length, SAMPLE_BYTES);
  const nuls = [0, 0];
  for (let i = 0; i < n; i++) if (bytes[i] === 0) nuls[i & 1]++;
  const encoding = nuls[1] > nuls[0] ? 'utf-16le' : 'utf-16be';
  if (Math.min(nuls[0], nuls[1]) * 4 > Math.max(nuls[0], nuls[1])) return undefined;
  const p = plausibility(decode(encoding, bytes.subarray(0, n), false)!, weightTables().any);
  return p.n >= 16 && p.mean >= 2 ? encoding : undefined;
}

/** Valid UTF-8 whose first 64K code units hold a handful of non-ASCII characters, none Chinese. */
function shortNonChinese(text: string): boolean {
  const n = Math.min(text.length, SAMPLE_BYTES);
  let nonAscii = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const chinese = (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef);
    if (chinese || ++nonAscii >= 8) return false;
  }
  return nonAscii > 0;
}
