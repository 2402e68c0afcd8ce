// Script: detect Traditional-script documents and convert them to Simplified for matching.
// Only documents detected as Traditional are converted: converting Simplified text damages
// names (乾县 → 干县). The tw and hk stages run together (tw alone leaves 衞); the twp/hkp
// vocabulary stages are never used (they rewrite 行程碼 to 进程码).
import { createRequire } from 'node:module';
import type { Script } from './types.js';

type Convert = (s: string) => string;
let t2s: Convert | undefined;
let s2t: Convert | undefined;

function load(): { t2s: Convert; s2t: Convert } {
  if (!t2s || !s2t) {
    // The t2cn and cn2t bundles are a tenth of the full one; loaded on first use only.
    const require = createRequire(import.meta.url);
    const toCn = require('opencc-js/t2cn') as { Converter: (o: { from: string; to: string }) => Convert };
    const fromCn = require('opencc-js/cn2t') as { Converter: (o: { from: string; to: string }) => Convert };
    const tw = toCn.Converter({ from: 'tw', to: 'cn' });
    const hk = toCn.Converter({ from: 'hk', to: 'cn' });
    t2s = (s) => hk(tw(s));
    s2t = fromCn.Converter({ from: 'cn', to: 'tw' });
  }
  return { t2s, s2t };
}

export function toSimplified(text: string): string {
  return load().t2s(text);
}

const HAN = /\p{Script=Han}/u;

/**
 * Traditional when clearly more characters change under Traditional→Simplified than under
 * Simplified→Traditional. A Simplified page quoting a Traditional name stays Simplified.
 */
export function detectScript(text: string): Script {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  const chars = [...new Set([...sample].filter((c) => HAN.test(c)))];
  if (!chars.length) return 'simplified';
  const joined = chars.join('');
  const { t2s: ts, s2t: st } = load();
  const a = [...ts(joined)];
  const b = [...st(joined)];
  let trad = 0;
  let simp = 0;
  for (let i = 0; i < chars.length; i++) {
    if (a[i] !== undefined && a[i] !== chars[i]) trad++;
    if (b[i] !== undefined && b[i] !== chars[i]) simp++;
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
