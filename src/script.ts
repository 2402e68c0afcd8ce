// Script: detect Traditional-script documents and convert them to Simplified for matching.
// Only documents detected as Traditional are converted: converting Simplified text damages
// names (乾县 → 干县). The tw and hk stages run together (tw alone leaves 衞); the twp/hkp
// vocabulary stages are never used (they rewrite 行程碼 to 进程码).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { generatedDir } from './paths.js';
import type { Script } from './types.js';
import { compileT2s, type T2sData } from './t2s.js';

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

// The same conversion on flat tables (src/t2s.ts), from opencc's data exported at build time;
// opencc-js itself when that file is missing. The t2cn and cn2t bundles are a tenth of the full
// one each; each is loaded on first use only.
function toCn(): Convert {
  if (!t2s) {
    const file = join(generatedDir, 't2s.json');
    t2s = existsSync(file) ? compileT2s(JSON.parse(readFileSync(file, 'utf8')) as T2sData) : openccToSimplified();
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

// Per code unit: bit 1 if only Traditional uses it, bit 2 if only Simplified (all are in U+3400 to
// U+9FFF). A full 64K table spares the range check, and most characters stop at its zero.
const BASE = 0x3400;
let table: Uint8Array | undefined;
// Generation stamps instead of a Set per document: which characters this call has counted.
let stamps: Uint32Array | undefined;
let generation = 0;

// Characters that only one script uses, computed from opencc at build time
// (src/build/scriptchars.ts); without the table, compute it here once.
function scriptTable(): Uint8Array {
  if (!table) {
    const file = join(generatedDir, 'script-chars.json');
    let data: { traditional: string; simplified: string };
    if (existsSync(file)) data = JSON.parse(readFileSync(file, 'utf8'));
    else {
      const chars: string[] = [];
      for (let cp = BASE; cp <= 0x9fff; cp++) chars.push(String.fromCodePoint(cp));
      const t = toSimplified(chars.join('\n')).split('\n');
      const s = fromSimplified(chars.join('\n')).split('\n');
      data = { traditional: chars.filter((c, i) => t[i] !== c).join(''), simplified: chars.filter((c, i) => s[i] !== c).join('') };
    }
    table = new Uint8Array(0x10000);
    for (let i = 0; i < data.traditional.length; i++) table[data.traditional.charCodeAt(i)] |= 1;
    for (let i = 0; i < data.simplified.length; i++) table[data.simplified.charCodeAt(i)] |= 2;
    stamps = new Uint32Array(0x9fff - BASE + 1);
  }
  return table;
}

/**
 * Traditional when clearly more distinct characters are Traditional-only than Simplified-only.
 * A Simplified page quoting a Traditional name stays Simplified.
 */
export function detectScript(text: string): Script {
  const t = scriptTable();
  const seen = stamps!;
  const g = ++generation;
  let trad = 0;
  let simp = 0;
  const n = Math.min(text.length, 4000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const f = t[c];
    if (f === 0 || seen[c - BASE] === g) continue;
    seen[c - BASE] = g;
    if (f & 1) trad++;
    if (f & 2) simp++;
  }
  return trad >= 3 && trad > simp * 2 ? 'traditional' : 'simplified';
}

// Pinyin annotations inserted by some mirror sites: 領(lǐng)導(dǎo) → 領導. Only a Han character
// followed by a bracketed lowercase syllable with a tone mark or tone number is touched, so real
// parenthesised text such as (李玉玺) or (村) stays.
const PINYIN = /(\p{Script=Han})[(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*|[a-zü]{1,6}[1-5])[)）]/gu;

// A bracket followed by a lowercase letter: the one thing every annotation has, and most reports
// never do, so a scan for it (a short class, which the RegExp engine skips through fast) spares
// them the Han-then-bracket search.
const PINYIN_OPEN = /[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿü]/;

export function stripPinyin(text: string): string {
  return PINYIN_OPEN.test(text) ? text.replace(PINYIN, '$1') : text;
}
