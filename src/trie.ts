// A code-unit trie in flat typed arrays, for scanning long texts for many words at once (place
// names, measure cues, opencc dictionaries). Most characters of a report start no word at all:
// a 64 KB table of first characters and a 32 KB bit set of first pairs reject those positions
// without touching the trie. Edges live in one open-addressing hash table whose slots hold
// parent, code unit and child side by side, so a step reads one cache line. (A Map per node, or
// one Map keyed by node and code unit, spent most of the scan hashing; a 256 KB root table and
// three parallel arrays spent it waiting for memory.)

export interface Trie {
  /** Per code unit: 0 when no word starts with it, 2 when a one-unit word is it, else 1. */
  first: Uint8Array;
  /** A bit per hashed pair of first two code units: clear means no word of two or more units
   * starts with that pair (a cheap test that rejects most positions `first` lets through). */
  pairs: Int32Array;
  /** Edges, three ints a slot: parent + 1 (0 marks a free slot), code unit, child. */
  table: Int32Array;
  shift: number;
  mask: number;
  /** Per node: index of the word that ends there, or -1. Node 0 is the root. */
  word: Int32Array;
  /** Per word: the node it ends at. */
  end: Int32Array;
  nodes: number;
}

const slot = (node: number, unit: number, shift: number) => Math.imul(Math.imul(node, 0x9e3779b1) ^ unit, 0x85ebca6b) >>> shift;
const PAIR_BITS = 18;
/** The bit of the pair (a, b) in `pairs`. */
export const pairBit = (a: number, b: number) => Math.imul(Math.imul(a, 0x9e3779b1) ^ b, 0x85ebca6b) >>> (32 - PAIR_BITS);

/**
 * The first position in [from, to) where a word may start (`to` if none): a tight loop over two
 * small tables that skips almost all of a report's characters.
 */
export function nextCandidate(t: Trie, text: string, from: number, to = text.length): number {
  const { first, pairs } = t;
  for (let i = from; i < to; i++) {
    const f = first[text.charCodeAt(i)];
    if (f === 0) continue;
    if (f === 2) return i;
    const bit = pairBit(text.charCodeAt(i), text.charCodeAt(i + 1));
    if ((pairs[bit >>> 5] & (1 << (bit & 31))) !== 0) return i;
  }
  return to;
}

/** A trie over `words` (word i ends at node `end[i]`; empty words are not allowed). */
export function buildTrie(words: readonly string[]): Trie {
  const edges = new Map<number, Map<number, number>>();
  const end = new Int32Array(words.length);
  const first = new Uint8Array(65536);
  const pairs = new Int32Array(1 << (PAIR_BITS - 5));
  let nodes = 1;
  let count = 0;
  words.forEach((w, i) => {
    if (!w) throw new Error('trie: empty word');
    first[w.charCodeAt(0)] ||= 1;
    if (w.length > 1) {
      const bit = pairBit(w.charCodeAt(0), w.charCodeAt(1));
      pairs[bit >>> 5] |= 1 << (bit & 31);
    }
    let node = 0;
    for (let k = 0; k < w.length; k++) {
      const u = w.charCodeAt(k);
      let out = edges.get(node);
      if (!out) edges.set(node, (out = new Map()));
      let n = out.get(u);
      if (n === undefined) out.set(u, (n = nodes++)), count++;
      node = n;
    }
    end[i] = node;
  });
  let bits = 4;
  while (1 << bits < count * 2) bits++;
  const size = 1 << bits;
  const t: Trie = { first, pairs, table: new Int32Array(size * 3), shift: 32 - bits, mask: size - 1, word: new Int32Array(nodes).fill(-1), end, nodes };
  for (const [p, out] of edges) {
    for (const [u, c] of out) {
      let h = slot(p, u, t.shift);
      while (t.table[h * 3] !== 0) h = (h + 1) & t.mask;
      t.table[h * 3] = p + 1;
      t.table[h * 3 + 1] = u;
      t.table[h * 3 + 2] = c;
    }
  }
  // A word listed twice keeps its first index.
  for (let i = words.length - 1; i >= 0; i--) {
    t.word[end[i]] = i;
    if (words[i].length === 1) first[words[i].charCodeAt(0)] = 2;
  }
  return t;
}

/**
 * The trie's edges grouped by parent: the children of node n are at [start[n], start[n + 1]) of
 * `unit` and `node`. Small and contiguous, for walks that go deep into few-child nodes.
 */
export function childRows(t: Trie): { start: Int32Array; unit: Uint16Array; node: Int32Array } {
  const start = new Int32Array(t.nodes + 1);
  for (let h = 0; h < t.table.length; h += 3) if (t.table[h] !== 0) start[t.table[h]]++;
  for (let n = 0; n < t.nodes; n++) start[n + 1] += start[n];
  const unit = new Uint16Array(start[t.nodes]);
  const node = new Int32Array(start[t.nodes]);
  const fill = start.slice(0, t.nodes);
  for (let h = 0; h < t.table.length; h += 3) {
    if (t.table[h] === 0) continue;
    const k = fill[t.table[h] - 1]++;
    unit[k] = t.table[h + 1];
    node[k] = t.table[h + 2];
  }
  return { start, unit, node };
}

/** The child of `node` by code unit `u`, or 0 when there is none. */
export function step(t: Trie, node: number, u: number): number {
  const table = t.table;
  const p = node + 1;
  for (let h = slot(node, u, t.shift); ; h = (h + 1) & t.mask) {
    const q = table[h * 3];
    if (q === 0) return 0;
    if (q === p && table[h * 3 + 1] === u) return table[h * 3 + 2];
  }
}

/** The longest word that starts at `i` and ends by `to`: its index, or -1; its end in `matchEnd`. */
export function longestAt(t: Trie, text: string, i: number, to = text.length): number {
  let best = -1;
  let node = 0;
  for (let j = i; j < to; j++) {
    node = step(t, node, text.charCodeAt(j));
    if (node === 0) break;
    const w = t.word[node];
    if (w >= 0) (best = w), (matchEnd = j + 1);
  }
  return best;
}

/** Where the last successful longestAt ended. */
export let matchEnd = 0;
