// Traditional → Simplified with opencc's dictionaries and opencc-js's algorithm, on flat tables.
// opencc-js walks a Map per trie node at every code point, eight passes per document (two
// configurations of normalise, segment, two conversion stages); that was a tenth of fangkong's
// extraction time on a corpus with one Traditional report in ten. The data comes from opencc-js
// at build time (src/build/t2s.ts); test/t2s.test.ts checks the output against opencc-js itself.
import { buildTrie, longestAt, matchEnd, nextCandidate, type Trie } from './trie.js';

export interface T2sData {
  source: string;
  configs: { name: string; normalize: [string, string][][]; segmentation: string[] | null; chain: [string, string][][] }[];
}

interface Dict {
  trie: Trie;
  values: string[];
}

function dict(entries: [string, string][]): Dict {
  return { trie: buildTrie(entries.map(([k]) => k)), values: entries.map(([, v]) => v) };
}

// opencc-js never starts a match inside a character: past an unmatched position it skips a whole
// code point, or a whole ideographic description sequence (⿰氵每), whose parts stay as written.
function idsArity(cp: number): number {
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

const cpLength = (s: string, i: number) => ((s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);

function idsEnd(s: string, i: number): number {
  const arity = idsArity(s.codePointAt(i) ?? 0);
  if (arity === 0) return 0;
  let end = i + cpLength(s, i);
  for (let n = 0; n < arity; n++) {
    if (end >= s.length) return 0;
    const child = idsEnd(s, end);
    end = child || end + cpLength(s, end);
  }
  return end;
}

function unmatchedLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  // Fast path: not a surrogate, not an IDS operator.
  if ((c < 0xd800 || c > 0xdbff) && (c < 0x2ff0 || c > 0x2fff)) return 1;
  const e = idsEnd(s, i);
  return e > i ? e - i : cpLength(s, i);
}

// Where unmatched text advances by more than one code unit: surrogates and IDS operators.
const SPECIAL = /[\ud800-\udbff\u2ff0-\u2fff]/;

/**
 * Convert each range [bounds[k], bounds[k+1]) of `s` on its own (as opencc-js converts each
 * segment separately); returns the text and the ranges' bounds in it.
 */
function convertRanges(d: Dict, s: string, bounds: number[]): { text: string; bounds: number[] } {
  const special = SPECIAL.test(s);
  // Pieces joined once at the end: a flat string, where += would leave a rope to flatten later.
  const out: string[] = [];
  let length = 0;
  const outBounds = [0];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const to = bounds[k + 1];
    let copied = bounds[k];
    let i = bounds[k];
    while (i < to) {
      const at = nextCandidate(d.trie, s, i, to);
      // Candidates are only where a word may start; unmatched positions advance as opencc's do,
      // so a match never starts inside a surrogate pair or an IDS sequence.
      if (special) while (i < at && i < to) i += unmatchedLength(s, i);
      else i = at;
      if (i >= to) break;
      const w = longestAt(d.trie, s, i, to);
      if (w < 0) {
        i += unmatchedLength(s, i);
        continue;
      }
      const v = d.values[w];
      if (i > copied) out.push(s.slice(copied, i)), (length += i - copied);
      out.push(v);
      length += v.length;
      i = copied = matchEnd;
    }
    if (to > copied) out.push(s.slice(copied, to)), (length += to - copied);
    outBounds.push(length);
  }
  return { text: out.join(''), bounds: outBounds };
}

/** Segment ends as opencc-js's Trie.segment finds them: matched words and the runs between. */
function segmentBounds(d: Dict, s: string): number[] {
  const bounds = [0];
  let i = 0;
  let inRun = false;
  const special = SPECIAL.test(s);
  while (i < s.length) {
    if (!special) {
      const at = nextCandidate(d.trie, s, i);
      if (at > i) (inRun = true), (i = at);
      if (i >= s.length) break;
    }
    const w = longestAt(d.trie, s, i);
    if (w >= 0) {
      if (inRun) bounds.push(i);
      bounds.push(matchEnd);
      inRun = false;
      i = matchEnd;
    } else {
      inRun = true;
      i += unmatchedLength(s, i);
    }
  }
  if (inRun || bounds.length === 1) bounds.push(s.length);
  return bounds;
}

export type Convert = (s: string) => string;

/** One converter running the configurations in order (fangkong: tw2s, then hk2s). */
export function compileT2s(data: T2sData): Convert {
  const configs = data.configs.map((c) => ({
    normalize: c.normalize.map(dict),
    segmentation: c.segmentation ? dict(c.segmentation.map((k) => [k, ''])) : undefined,
    chain: c.chain.map(dict),
  }));
  return (input) => {
    let s = input;
    for (const c of configs) {
      for (const d of c.normalize) s = convertRanges(d, s, [0, s.length]).text;
      let r = { text: s, bounds: c.segmentation ? segmentBounds(c.segmentation, s) : [0, s.length] };
      for (const d of c.chain) r = convertRanges(d, r.text, r.bounds);
      s = r.text;
    }
    return s;
  };
}
