// A code-unit trie in flat typed arrays, for scanning long texts for many words at once (place
// names, measure cues). Most characters of a report start no word at all, so the root's edges
// are one table over all 65,536 code units: the common case costs a single array read. Deeper
// edges live in one open-addressing hash table. (A Map per node, or one Map keyed by node and
// code unit, spent most of the scan hashing.)

export interface Trie {
  /** Code unit → child of the root; 0 for none (the root is never a child). */
  root: Int32Array;
  /** Per code unit: 0 when no word starts with it, 2 when a one-unit word is it, else 1. Small
   * (64 KB) where `root` is not, so scanning stays in cache. */
  first: Uint8Array;
  /** A bit per hashed pair of first two code units: clear means no word of two or more units
   * starts with that pair (a cheap test that rejects most positions `first` lets through). */
  pairs: Int32Array;
  /** Hash table of the other edges: parent + 1 (0 marks a free slot), code unit, child. */
  parent: Int32Array;
  unit: Uint16Array;
  child: Int32Array;
  shift: number;
  mask: number;
  /** Per node: index of the word that ends there, or -1. */
  word: Int32Array;
  /** Per word: the node it ends at. */
  end: Int32Array;
  nodes: number;
}

const slot = (node: number, unit: number, shift: number) => Math.imul(Math.imul(node, 0x9e3779b1) ^ unit, 0x85ebca6b) >>> shift;
const PAIR_BITS = 18;
const pairBit = (a: number, b: number) => Math.imul(Math.imul(a, 0x9e3779b1) ^ b, 0x85ebca6b) >>> (32 - PAIR_BITS);

/**
 * The first position in [from, to) where a word may start (`to` if none): a tight loop over two
 * small tables that skips almost all of a report's characters.
 */
export function nextCandidate(t: Trie, text: string, from: number, to = text.length): number {
  const { first, pairs } = t;
  const n = to;
  for (let i = from; i < n; i++) {
    const f = first[text.charCodeAt(i)];
    if (f === 0) continue;
    if (f === 2) return i;
    const bit = pairBit(text.charCodeAt(i), text.charCodeAt(i + 1));
    if ((pairs[bit >>> 5] & (1 << (bit & 31))) !== 0) return i;
  }
  return n;
}

/** A trie over `words` (word i ends at node `end[i]`; empty words are not allowed). */
export function buildTrie(words: readonly string[]): Trie {
  const edges = new Map<number, Map<number, number>>();
  const root = new Int32Array(65536);
  const end = new Int32Array(words.length);
  const pairs = new Int32Array(1 << (PAIR_BITS - 5));
  let nodes = 1;
  let deep = 0;
  words.forEach((w, i) => {
    if (!w) throw new Error('trie: empty word');
    if (w.length > 1) {
      const bit = pairBit(w.charCodeAt(0), w.charCodeAt(1));
      pairs[bit >>> 5] |= 1 << (bit & 31);
    }
    let node = 0;
    for (let k = 0; k < w.length; k++) {
      const u = w.charCodeAt(k);
      if (node === 0) {
        node = root[u] || (root[u] = nodes++);
        continue;
      }
      let out = edges.get(node);
      if (!out) edges.set(node, (out = new Map()));
      let n = out.get(u);
      if (n === undefined) out.set(u, (n = nodes++)), deep++;
      node = n;
    }
    end[i] = node;
  });
  let bits = 4;
  while (1 << bits < deep * 2) bits++;
  const size = 1 << bits;
  const first = new Uint8Array(65536);
  for (let u = 0; u < 65536; u++) if (root[u]) first[u] = 1;
  const t: Trie = {
    root,
    first,
    pairs,
    parent: new Int32Array(size),
    unit: new Uint16Array(size),
    child: new Int32Array(size),
    shift: 32 - bits,
    mask: size - 1,
    word: new Int32Array(nodes).fill(-1),
    end,
    nodes,
  };
  for (const [p, out] of edges) {
    for (const [u, c] of out) {
      let h = slot(p, u, t.shift);
      while (t.parent[h] !== 0) h = (h + 1) & t.mask;
      t.parent[h] = p + 1;
      t.unit[h] = u;
      t.child[h] = c;
    }
  }
  // A word listed twice keeps its first index.
  for (let i = words.length - 1; i >= 0; i--) {
    t.word[end[i]] = i;
    if (words[i].length === 1) first[words[i].charCodeAt(0)] = 2;
  }
  return t;
}

/** The child of `node` by code unit `u`, or 0 when there is none. */
export function step(t: Trie, node: number, u: number): number {
  if (node === 0) return t.root[u];
  const p = node + 1;
  for (let h = slot(node, u, t.shift); ; h = (h + 1) & t.mask) {
    const q = t.parent[h];
    if (q === 0) return 0;
    if (q === p && t.unit[h] === u) return t.child[h];
  }
}

/** The longest word that starts at `i` in `text`: its index, or -1. */
export function longestAt(t: Trie, text: string, i: number): number {
  let node = t.root[text.charCodeAt(i)];
  let best = -1;
  for (let j = i + 1; node !== 0; j++) {
    const w = t.word[node];
    if (w >= 0) best = w;
    if (j >= text.length) break;
    node = step(t, node, text.charCodeAt(j));
  }
  return best;
}
