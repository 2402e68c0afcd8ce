// Script: detect Traditional-script documents and convert them to Simplified for matching.
// Only documents detected as Traditional are converted: converting Simplified text damages
// names (乾县 → 干县). The tw and hk stages run together (tw alone leaves 衞); the twp/hkp
// vocabulary stages are never used (they rewrite 行程碼 to 进程码).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { generatedDir } from './paths.js';
import type { Script } from './types.js';
import { compileT2s, t2sConverter, unpackT2s, type T2sData } from './t2s.js';

type Convert = (s: string) => string;
type OpenCC = { Converter: (o: { from: string; to: string }) => Convert };
let t2s: Convert | undefined;
let s2t: Convert | undefined;
const require = createRequire(import.meta.url);

/** opencc-js itself: the tw and hk configurations in turn. */
export function openccToSimplified(): Convert {
  const { Converter } = require('opencc-js/t2cn') as OpenCC;
  const tw = Converter({ from: 'tw', to: 'cn' });
  const hk = Converter({ from: 'hk', to: 'cn' });
  return (s) => hk(tw(s));
}

// The same conversion on flat tables (src/t2s.ts): read packed, as built at build time, or built
// here from opencc's data exported then; opencc-js itself when neither file is there. The t2cn
// and cn2t bundles are a tenth of the full one each; each is loaded on first use only.
function toCn(): Convert {
  if (!t2s) {
    const packed = join(generatedDir, 't2s.bin');
    const file = join(generatedDir, 't2s.json');
    const tables = existsSync(packed) ? unpackT2s(readFileSync(packed)) : undefined;
    if (tables) t2s = t2sConverter(tables);
    else t2s = existsSync(file) ? compileT2s(JSON.parse(readFileSync(file, 'utf8')) as T2sData) : openccToSimplified();
  }
  return t2s;
}

function fromCn(): Convert {
  if (!s2t) s2t = (require('opencc-js/cn2t') as OpenCC).Converter({ from: 'cn', to: 'tw' });
  return s2t;
}

export function toSimplified(text: string): string {
  return toCn()(text);
}

export function fromSimplified(text: string): string {
  return fromCn()(text);
}

// Two bit sets over all code units, interleaved a 32-bit word of each at a time: Traditional-only
// characters, Simplified-only ones. With a bit set of the characters seen so far, the count is
// branch-free and its tables (24 KB) stay in cache between documents; a byte per code unit and
// stamps for the seen ones were twice the time.
let table: Int32Array | undefined;
const seen = new Int32Array(0x10000 >>> 5);
/** Code units a document is judged by. */
const SCAN = 4000;
const units = new Uint16Array(SCAN);

// Characters that only one script uses, computed from opencc at build time
// (src/build/scriptchars.ts); without the table, compute it here once.
function scriptTable(): Int32Array {
  if (!table) {
    const file = join(generatedDir, 'script-chars.json');
    let data: { traditional: string; simplified: string };
    if (existsSync(file)) data = JSON.parse(readFileSync(file, 'utf8'));
    else {
      const chars: string[] = [];
      for (let cp = 0x3400; cp <= 0x9fff; cp++) chars.push(String.fromCodePoint(cp));
      const t = toSimplified(chars.join('\n')).split('\n');
      const s = fromSimplified(chars.join('\n')).split('\n');
      data = { traditional: chars.filter((c, i) => t[i] !== c).join(''), simplified: chars.filter((c, i) => s[i] !== c).join('') };
    }
    const bits = new Int32Array(0x10000 >>> 4);
    const mark = (chars: string, which: number) => {
      for (let i = 0; i < chars.length; i++) {
        const c = chars.charCodeAt(i);
        bits[2 * (c >>> 5) + which] |= 1 << (c & 31);
      }
    };
    mark(data.traditional, 0);
    mark(data.simplified, 1);
    table = bits;
  }
  return table;
}

/**
 * Traditional when clearly more distinct characters are Traditional-only than Simplified-only.
 * A Simplified page quoting a Traditional name stays Simplified.
 */
export function detectScript(text: string): Script {
  const t = scriptTable();
  seen.fill(0);
  let trad = 0;
  let simp = 0;
  const n = Math.min(text.length, SCAN);
  // A typed-array copy of the code units reads faster than charCodeAt.
  Buffer.from(units.buffer, 0, n * 2).write(text, 0, n * 2, 'utf16le');
  for (let i = 0; i < n; i++) {
    const c = units[i];
    const w = c >>> 5;
    const s = c & 31;
    const tw = t[2 * w];
    const sw = t[2 * w + 1];
    // The character's bit if it tells a script and was not counted yet, else 0.
    const fresh = (tw | sw) & ~seen[w] & (1 << s);
    seen[w] |= 1 << s;
    trad += (tw & fresh) >>> s;
    simp += (sw & fresh) >>> s;
  }
  return trad >= 3 && trad > simp * 2 ? 'traditional' : 'simplified';
}

// Pinyin annotations inserted by some mirror sites: 領(lǐng)導(dǎo) → 領導. Only a Han character
// followed by a bracketed lowercase syllable with a tone mark or tone number is touched, so real
// parenthesised text such as (李玉玺) or (村) stays.
const PINYIN = /(\p{Script=Han})[(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*|[a-zü]{1,6}[1-5])[)）]/gu;

// A bracket followed by a lowercase letter: the one thing every annotation has, and most reports
// never do, so a search for it spares them the Han-then-bracket search. Brackets are found by
// indexOf, which is several times faster than a RegExp scan for the pair.
const PINYIN_LETTER = /[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿü]/;

function mayHavePinyin(text: string): boolean {
  for (const open of ['(', '（']) {
    for (let at = text.indexOf(open); at >= 0; at = text.indexOf(open, at + 1)) if (PINYIN_LETTER.test(text[at + 1] ?? '')) return true;
  }
  return false;
}

export function stripPinyin(text: string): string {
  return mayHavePinyin(text) ? text.replace(PINYIN, '$1') : text;
}
