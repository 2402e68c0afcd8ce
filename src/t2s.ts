// Traditional → Simplified with opencc's dictionaries and opencc-js's algorithm, on flat tables.
// opencc-js walks a Map per trie node at every code point, eight passes per document (two
// configurations of normalise, segment, two conversion stages); that was a tenth of fangkong's
// extraction time on a corpus with one Traditional report in ten. The data comes from opencc-js
// at build time (src/build/t2s.ts); test/t2s.test.ts checks the output against opencc-js itself.
import { packArrays, unpackArrays, type Packable } from './pack.js';
import { buildTrie, step, type Trie } from './trie.js';

export interface T2sData {
  source: string;
  configs: { name: string; normalize: [string, string][][]; segmentation: string[] | null; chain: [string, string][][] }[];
}

interface Dict {
  trie: Trie;
  /** Per word, its replacement's code units: values[valueStart[w]] up to valueStart[w + 1]. */
  values: Uint16Array;
  valueStart: Int32Array;
  /**
   * Per code unit, what it becomes when no longer word can start with it: itself when it starts
   * no word, its one-unit replacement when it is a word by itself; 0 when the trie must decide
   * (a phrase may start there, or it is a surrogate or an IDS operator). Most characters of a
   * Traditional report take this one lookup, in every pass. The entry for code unit c is
   * direct[c * stride + slot]: all the dictionaries' tables interleaved in one, so that the
   * passes over a document find a character's entries in one cache line, not one each.
   */
  direct: Uint16Array;
  stride: number;
  slot: number;
  /** A bit per hashed pair of first two code units of the words of two or more: clear means no
   * such word starts with the pair, so the one-unit word, if any, is the longest match. */
  pairs: Int32Array;
}

const pairBit = (a: number, b: number) => Math.imul((a << 16) | b, 0x9e3779b1) >>> 16;

function dict(entries: [string, string][], direct: Uint16Array, stride: number, slot: number): Dict {
  const trie = buildTrie(entries.map(([k]) => k));
  const valueStart = new Int32Array(entries.length + 1);
  entries.forEach(([, v], w) => (valueStart[w + 1] = valueStart[w] + v.length));
  const values = new Uint16Array(valueStart[entries.length]);
  entries.forEach(([, v], w) => {
    for (let j = 0; j < v.length; j++) values[valueStart[w] + j] = v.charCodeAt(j);
  });
  const parent = new Uint8Array(trie.nodes);
  for (let h = 0; h < trie.table.length; h += 3) if (trie.table[h] !== 0) parent[trie.table[h] - 1] = 1;
  for (let c = 1; c < 0x10000; c++) {
    if (isSpecial(c)) continue;
    const f = trie.first[c];
    if (f === 0) direct[c * stride + slot] = c;
    else if (f === 2) {
      const node = step(trie, 0, c);
      const w = trie.word[node];
      if (!parent[node] && valueStart[w + 1] - valueStart[w] === 1 && values[valueStart[w]] !== 0) direct[c * stride + slot] = values[valueStart[w]];
    }
  }
  const pairs = new Int32Array(1 << 11);
  for (const [k] of entries) {
    if (k.length < 2) continue;
    const bit = pairBit(k.charCodeAt(0), k.charCodeAt(1));
    pairs[bit >>> 5] |= 1 << (bit & 31);
  }
  return { trie, values, valueStart, direct, stride, slot, pairs };
}

// Where unmatched text advances by more than one code unit: surrogates and IDS operators.
const isSpecial = (c: number) => (c >= 0xd800 && c <= 0xdbff) || (c >= 0x2ff0 && c <= 0x2fff);

// opencc-js never starts a match inside a character: past an unmatched position it skips a whole
// code point, or a whole ideographic description sequence (⿰氵每), whose parts stay as written.
function idsArity(cp: number): number {
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

/** Code units of the code point at `i` (as String#codePointAt reads it). */
function cpLength(a: Uint16Array, n: number, i: number): number {
  const c = a[i];
  return c >= 0xd800 && c <= 0xdbff && i + 1 < n && a[i + 1] >= 0xdc00 && a[i + 1] <= 0xdfff ? 2 : 1;
}

function idsEnd(a: Uint16Array, n: number, i: number): number {
  const arity = idsArity(a[i]);
  if (arity === 0) return 0;
  let end = i + 1;
  for (let k = 0; k < arity; k++) {
    if (end >= n) return 0;
    const child = idsEnd(a, n, end);
    end = child || end + cpLength(a, n, end);
  }
  return end;
}

function unmatchedLength(a: Uint16Array, n: number, i: number): number {
  if (!isSpecial(a[i])) return 1;
  const e = idsEnd(a, n, i);
  return e > i ? e - i : cpLength(a, n, i);
}

/** Where the last successful longestAt ended. */
let matchEnd = 0;

/**
 * The longest word of `d` that starts at `i` and ends by `to`: its index, or -1; its end in
 * `matchEnd`. The pair bits spare most positions the walk down the trie.
 */
function longestAt(d: Dict, a: Uint16Array, i: number, to: number): number {
  const t = d.trie;
  const c = a[i];
  const f = t.first[c];
  if (f === 0) return -1;
  const bit = i + 1 < to ? pairBit(c, a[i + 1]) : -1;
  if (bit < 0 || (d.pairs[bit >>> 5] & (1 << (bit & 31))) === 0) {
    if (f !== 2) return -1;
    matchEnd = i + 1;
    return t.word[step(t, 0, c)];
  }
  let best = -1;
  let node = 0;
  for (let j = i; j < to; j++) {
    node = step(t, node, a[j]);
    if (node === 0) break;
    const w = t.word[node];
    if (w >= 0) (best = w), (matchEnd = j + 1);
  }
  return best;
}

// The text between passes: code units in a buffer that grows as needed, and is swapped with the
// other one each pass, so a pass neither slices nor joins strings. Buffers grown past KEEP units
// are dropped after the document (kept, they would hold 4 bytes or more a unit of the longest
// document the process ever converted).
const KEEP = 1 << 18;
let src = new Uint16Array(1 << 12);
let dst = new Uint16Array(1 << 12);

function reserve(size: number): void {
  if (dst.length >= size) return;
  const grown = new Uint16Array(Math.max(size, dst.length * 2));
  grown.set(dst);
  dst = grown;
}

/**
 * Convert each range [bounds[k], bounds[k+1]) of the n units in `src` on its own (as opencc-js
 * converts each segment separately) into `dst`; returns the new length and the ranges' new bounds.
 */
function convertRanges(d: Dict, n: number, bounds: number[]): { n: number; bounds: number[] } {
  const { direct, stride, slot, values, valueStart } = d;
  const a = src;
  // Most passes change nothing for a long while, many nothing at all: up to the first unit that
  // may change, the text is copied as one block instead of unit by unit, and a pass that changes
  // nothing copies nothing.
  let same = 0;
  while (same < n && direct[a[same] * stride + slot] === a[same]) same++;
  if (same === n) return { n, bounds };
  reserve(n);
  let out = dst;
  out.set(a.subarray(0, same));
  let o = same;
  let k = 0;
  while (bounds[k + 1] <= same) k++;
  const outBounds = bounds.slice(0, k + 1);
  for (; k + 1 < bounds.length; k++) {
    const to = bounds[k + 1];
    let i = Math.max(bounds[k], same);
    while (i < to) {
      const v = direct[a[i] * stride + slot];
      if (v !== 0) {
        out[o++] = v;
        i++;
        continue;
      }
      const w = longestAt(d, a, i, to);
      if (w < 0) {
        for (let e = Math.min(i + unmatchedLength(a, n, i), to); i < e; i++) out[o++] = a[i];
        continue;
      }
      const from = valueStart[w];
      const length = valueStart[w + 1] - from;
      // Replacements longer than their words are what can outgrow the buffer; what is left of
      // the input then fits, one unit for one unit.
      if (o + length + (n - matchEnd) > out.length) {
        reserve(o + length + (n - matchEnd));
        out = dst;
      }
      for (let j = 0; j < length; j++) out[o++] = values[from + j];
      i = matchEnd;
    }
    outBounds.push(o);
  }
  src = out;
  dst = a;
  return { n: o, bounds: outBounds };
}

/** Segment ends as opencc-js's Trie.segment finds them: matched words and the runs between. */
function segmentBounds(d: Dict, n: number): number[] {
  const { direct, stride, slot } = d;
  const a = src;
  const bounds = [0];
  let i = 0;
  let inRun = false;
  while (i < n) {
    if (direct[a[i] * stride + slot] !== 0) {
      inRun = true;
      i++;
      continue;
    }
    const w = longestAt(d, a, i, n);
    if (w >= 0) {
      if (inRun) bounds.push(i);
      bounds.push(matchEnd);
      inRun = false;
      i = matchEnd;
    } else {
      inRun = true;
      i += unmatchedLength(a, n, i);
    }
  }
  if (inRun || bounds.length === 1) bounds.push(n);
  return bounds;
}

export type Convert = (s: string) => string;

/** Everything the converter runs on: typed arrays, built from T2sData or read back packed. */
export interface T2sTables {
  source: string;
  stride: number;
  direct: Uint16Array;
  dicts: Dict[];
  /** Per configuration, in order: indexes into `dicts`. */
  configs: { normalize: number[]; segmentation: number | null; chain: number[] }[];
}

export function t2sTables(data: T2sData): T2sTables {
  const stride = data.configs.reduce((n, c) => n + c.normalize.length + (c.segmentation ? 1 : 0) + c.chain.length, 0);
  const direct = new Uint16Array(0x10000 * stride);
  const dicts: Dict[] = [];
  const make = (entries: [string, string][]) => dicts.push(dict(entries, direct, stride, dicts.length)) - 1;
  const configs = data.configs.map((c) => ({
    normalize: c.normalize.map(make),
    segmentation: c.segmentation ? make(c.segmentation.map((k) => [k, ''])) : null,
    chain: c.chain.map(make),
  }));
  return { source: data.source, stride, direct, dicts, configs };
}

/** One converter running the configurations in order (fangkong: tw2s, then hk2s). */
export function t2sConverter(tables: T2sTables): Convert {
  const { dicts } = tables;
  const configs = tables.configs.map((c) => ({
    normalize: c.normalize.map((k) => dicts[k]),
    segmentation: c.segmentation === null ? undefined : dicts[c.segmentation],
    chain: c.chain.map((k) => dicts[k]),
  }));
  return (input) => {
    let n = input.length;
    reserve(n);
    [src, dst] = [dst, src];
    Buffer.from(src.buffer, 0, n * 2).write(input, 'utf16le');
    for (const c of configs) {
      for (const d of c.normalize) n = convertRanges(d, n, [0, n]).n;
      let bounds = c.segmentation ? segmentBounds(c.segmentation, n) : [0, n];
      for (const d of c.chain) ({ n, bounds } = convertRanges(d, n, bounds));
    }
    const out = Buffer.from(src.buffer, 0, n * 2).toString('utf16le');
    if (src.length > KEEP) src = new Uint16Array(1 << 12);
    if (dst.length > KEEP) dst = new Uint16Array(1 << 12);
    return out;
  };
}

export function compileT2s(data: T2sData): Convert {
  return t2sConverter(t2sTables(data));
}

// The packed form (src/pack.ts), written at build time next to t2s.json: a worker reads the
// tables instead of building them (about 60 ms, and as much again of compiler time for the
// building loops).
const PACK_FORMAT = 1;
const TRIE_ARRAYS = ['first', 'pairs', 'table', 'word', 'end'] as const;

export function packT2s(t: T2sTables): Uint8Array | undefined {
  const arrays: Packable[] = [t.direct];
  const dicts = t.dicts.map((d) => {
    arrays.push(...TRIE_ARRAYS.map((k) => d.trie[k]), d.values, d.valueStart, d.pairs);
    return { slot: d.slot, shift: d.trie.shift, mask: d.trie.mask, nodes: d.trie.nodes };
  });
  return packArrays({ format: PACK_FORMAT, source: t.source, stride: t.stride, configs: t.configs, dicts }, arrays);
}

/** The tables packT2s packed, or undefined for a damaged file, another format or another source. */
export function unpackT2s(bytes: Uint8Array, source?: string): T2sTables | undefined {
  const unpacked = unpackArrays(bytes);
  if (!unpacked) return undefined;
  const h = unpacked.header as { format: number; source: string; stride: number; configs: T2sTables['configs']; dicts: { slot: number; shift: number; mask: number; nodes: number }[] };
  if (h?.format !== PACK_FORMAT || (source !== undefined && h.source !== source)) return undefined;
  // A damaged or hand-made header must fall back, not throw here or later mid-conversion.
  if (!Array.isArray(h.dicts) || !Array.isArray(h.configs) || !Number.isInteger(h.stride) || h.stride < 1) return undefined;
  const isDict = (k: unknown) => Number.isInteger(k) && (k as number) >= 0 && (k as number) < h.dicts.length;
  const configsOk = h.configs.every(
    (c) => Array.isArray(c?.normalize) && Array.isArray(c.chain) && c.normalize.every(isDict) && c.chain.every(isDict) && (c.segmentation === null || isDict(c.segmentation)),
  );
  const dictsOk = h.dicts.every((d) => [d?.slot, d?.shift, d?.mask, d?.nodes].every(Number.isInteger) && d.slot >= 0 && d.slot < h.stride);
  if (!configsOk || !dictsOk) return undefined;
  const a = unpacked.arrays;
  const per = TRIE_ARRAYS.length + 3;
  if (a.length !== 1 + h.dicts.length * per) return undefined;
  const kinds = [Uint8Array, Int32Array, Int32Array, Int32Array, Int32Array, Uint16Array, Int32Array, Int32Array];
  if (!(a[0] instanceof Uint16Array) || a[0].length !== 0x10000 * h.stride) return undefined;
  if (!a.slice(1).every((x, k) => x instanceof kinds[k % per])) return undefined;
  const direct = a[0];
  const dicts = h.dicts.map((d, i): Dict => {
    const [first, pairs, table, word, end, values, valueStart, dictPairs] = a.slice(1 + i * per, 1 + (i + 1) * per);
    const trie: Trie = { first: first as Uint8Array, pairs: pairs as Int32Array, table: table as Int32Array, shift: d.shift, mask: d.mask, word: word as Int32Array, end: end as Int32Array, nodes: d.nodes };
    return { trie, values: values as Uint16Array, valueStart: valueStart as Int32Array, direct, stride: h.stride, slot: d.slot, pairs: dictPairs as Int32Array };
  });
  return { source: h.source, stride: h.stride, direct, dicts, configs: h.configs };
}
