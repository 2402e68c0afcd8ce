// Script: detect Traditional-script documents and convert them to Simplified for matching.
// Only documents detected as Traditional are converted: converting Simplified text damages
// names (乾县 → 干县). The tw and hk stages run together (tw alone leaves 衞); the twp/hkp
// vocabulary stages are never used (they rewrite 行程碼 to 进程码).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { generatedDir } from './paths.js';
import type { Script } from './types.js';

type Convert = (s: string) => string;
type OpenCC = { Converter: (o: { from: string; to: string }) => Convert };
let t2s: Convert | undefined;
let s2t: Convert | undefined;
const require = createRequire(import.meta.url);

// The t2cn and cn2t bundles are a tenth of the full one each; each is loaded on first use only.
function toCn(): Convert {
  if (!t2s) {
    const { Converter } = require('opencc-js/t2cn') as OpenCC;
    const tw = Converter({ from: 'tw', to: 'cn' });
    const hk = Converter({ from: 'hk', to: 'cn' });
    t2s = (s) => hk(tw(s));
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

let sets: { trad: Set<string>; simp: Set<string> } | undefined;

// Characters that only one script uses, computed from opencc at build time
// (src/build/scriptchars.ts); without the table, compute it here once.
function scriptSets(): { trad: Set<string>; simp: Set<string> } {
  if (!sets) {
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
    sets = { trad: new Set(data.traditional), simp: new Set(data.simplified) };
  }
  return sets;
}

/**
 * Traditional when clearly more distinct characters are Traditional-only than Simplified-only.
 * A Simplified page quoting a Traditional name stays Simplified.
 */
export function detectScript(text: string): Script {
  const { trad: T, simp: S } = scriptSets();
  const seen = new Set<string>();
  let trad = 0;
  let simp = 0;
  const n = Math.min(text.length, 4000);
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c < '\u3400' || seen.has(c)) continue;
    seen.add(c);
    if (T.has(c)) trad++;
    if (S.has(c)) simp++;
  }
  return trad >= 3 && trad > simp * 2 ? 'traditional' : 'simplified';
}

// Pinyin annotations inserted by some mirror sites: 領(lǐng)導(dǎo) → 領導. Only a Han character
// followed by a bracketed lowercase syllable with a tone mark or tone number is touched, so real
// parenthesised text such as (李玉玺) or (村) stays.
const PINYIN = /(\p{Script=Han})[(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*|[a-zü]{1,6}[1-5])[)）]/gu;

export function stripPinyin(text: string): string {
  return text.replace(PINYIN, '$1');
}
