// Match: find the taxonomy's measures in a unit's Simplified text, with the sentence that proves
// each and whether it is in force or lifted. Every cue and negative sits in one character trie
// that scans the text once: at each position the longest pattern wins (leftmost-longest), so a
// negative that covers a cue (打卡点 over 卡点) swallows it. A trie, not one big alternation
// RegExp, because with ~1,000 alternatives the RegExp tried each at every position; the order of
// hits is the same.
//
// Whether a lift word governs a cue depends on the other cues around it (取消健康码、行程码
// lifts both; 解除集中隔离的人员要居家健康监测 lifts the first only), so that status is decided
// once all hits of a unit are known; but lift words are rare, and a cue with none of its mode
// within reach is in force at once.
//
// Speed (the matcher runs over every unit of a corpus): one branch-free pass over the unit
// finds candidate cue starts, sentence ends and lift words (indexText); per-unit state lives in
// typed arrays reused from unit to unit. test/match-reference.test.ts holds this file to the
// plain matcher it replaced (test/fixtures/match-reference.ts).
import type { Measure, StatusRules, Taxonomy } from './taxonomy.js';
import type { Mention, Status } from './types.js';
import { loadTaxonomy } from './taxonomy.js';
import { buildTrie, childRows, pairBit, step, type Trie } from './trie.js';

interface Pattern {
  /** As written in the taxonomy. */
  cue: string;
  kind: 'cue' | 'context' | 'negative' | 'lift';
  measure?: Measure;
  /** The measure's id and category, copied here for the mentions (one object less to touch). */
  measureId: string;
  category: string;
  /** Context words (any of them) as one RegExp; undefined when the rule lists none. */
  near: RegExp | undefined;
  unless: RegExp | undefined;
  window: number;
  /** For gap cues: the length of the first word (scanning resumes after it). */
  head: number;
  /** Which lift words lift the measure (status.modes): GENERAL or RESUME, 0 for none. */
  modeBit: number;
}

/** A distinct cue of the taxonomy with everything written with it. */
interface Entry {
  cue: string;
  /** The patterns (of one or several measures) written with this cue. */
  all: Pattern[];
  /** For a gap cue: a sticky RegExp for the whole cue, the length of its first word and the
   * first unit of the word after the gap (a cheap test before the RegExp runs). */
  re: RegExp | undefined;
  head: number;
  afterGap: number;
  /** Twice the literal length, plus one for a plain cue (a gap cue loses a tie to a plain one).
   * Read for gap cues only: hitAt ranks a plain cue by its depth in the trie. */
  rank: number;
  negativeOnly: boolean;
  someNegative: boolean;
  /** For a gap cue, where scanning resumes after a hit, from its start (the span may hold
   * other cues); 0 for a plain cue (scanning resumes at its end). */
  resume: number;
  /** The fixed patterns are all lift cues. */
  liftOnly: boolean;
  /** The patterns a hit proves when none depends on context (computed once), else undefined. */
  fixed: Pattern[] | undefined;
}

/**
 * The cues' first words in a trie (src/trie.ts), and what ends at each node. Scanning starts
 * from the trie's bit set of first pairs: a position is looked at only when it and the next
 * unit may begin a first word, and the pair then leads straight to its trie node through a
 * small exact table. The same pass marks sentence ends and lift words (indexText).
 */
interface CueTrie {
  trie: Trie;
  entries: Entry[];
  /** Per node: the entry of the literal cue ending here, or -1. */
  literal: Int32Array;
  /** Per node: entries of the gap cues whose first word ends here. */
  gaps: (number[] | undefined)[];
  /** The trie's edges by parent (see childRows): past the first two units nodes have few children. */
  rows: ReturnType<typeof childRows>;
  /** Per code unit: SINGLE if a one-unit first word is it, END if it ends a sentence, LIFT if a
   * lift or resume word starts with it. */
  units: Uint8Array;
  /** Lift and resume words by first code unit, each with its mode bits (GENERAL, RESUME). */
  liftWords: Map<number, { word: string; modes: number }[]>;
  /** Open addressing: (first unit << 16 | second unit, node after both) per slot; node 0 = free. */
  pairs: Int32Array;
  pairMask: number;
}

const SINGLE = 1;
const END = 2;
const LIFT = 4;
const pairSlot = (key: number, mask: number) => (Math.imul(key, 0x9e3779b1) >>> 16) & mask;

function pairNode(c: CueTrie, a: number, b: number): number {
  const key = (a << 16) | b;
  const { pairs, pairMask } = c;
  for (let h = pairSlot(key, pairMask); ; h = (h + 1) & pairMask) {
    const node = pairs[h * 2 + 1];
    if (node === 0 || pairs[h * 2] === key) return node;
  }
}

function cueTrie(byCue: Map<string, Pattern[]>, status: StatusRules): CueTrie {
  const cues = [...byCue.keys()];
  const heads = cues.map((c) => c.split('…')[0]);
  const trie = buildTrie(heads);
  const entries: Entry[] = cues.map((cue) => {
    const all = byCue.get(cue)!;
    const gap = cue.includes('…');
    const fixed: Pattern[] = [];
    for (const p of all) if (p.kind !== 'negative' && p.measure && !fixed.some((q) => q.measure === p.measure)) fixed.push(p);
    return {
      cue,
      all,
      re: gap ? new RegExp(source(cue), 'y') : undefined,
      head: all[0].head,
      afterGap: gap ? cue.split('…')[1].charCodeAt(0) : 0,
      rank: literalLength(cue) * 2 + (gap ? 0 : 1),
      negativeOnly: all.every((p) => p.kind === 'negative'),
      someNegative: all.some((p) => p.kind === 'negative'),
      resume: gap ? Math.max(1, all[0].head) : 0,
      liftOnly: fixed.every((p) => p.kind === 'lift'),
      fixed: all.some((p) => p.kind === 'context') ? undefined : fixed,
    };
  });
  const literal = new Int32Array(trie.nodes).fill(-1);
  const gaps: (number[] | undefined)[] = new Array(trie.nodes).fill(undefined);
  cues.forEach((cue, i) => {
    const node = trie.end[i];
    if (cue.includes('…')) (gaps[node] ??= []).push(i);
    else literal[node] = i;
  });
  const units = new Uint8Array(65536);
  for (const ch of SENTENCE_ENDS) units[ch.charCodeAt(0)] |= END;
  const liftWords = new Map<number, { word: string; modes: number }[]>();
  const addLift = (word: string, modes: number) => {
    const first = word.charCodeAt(0);
    units[first] |= LIFT;
    const list = liftWords.get(first) ?? liftWords.set(first, []).get(first)!;
    const known = list.find((w) => w.word === word);
    if (known) known.modes |= modes;
    else list.push({ word, modes });
  };
  for (const w of status.liftWords) addLift(w, GENERAL);
  for (const w of status.resumeWords) addLift(w, RESUME);
  const pairKeys = new Map<number, number>();
  for (const h of heads) {
    if (h.length === 1) units[h.charCodeAt(0)] |= SINGLE;
    else {
      pairKeys.set((h.charCodeAt(0) << 16) | h.charCodeAt(1), step(trie, step(trie, 0, h.charCodeAt(0)), h.charCodeAt(1)));
    }
  }
  let size = 16;
  while (size < pairKeys.size * 2) size *= 2;
  const pairs = new Int32Array(size * 2);
  for (const [key, node] of pairKeys) {
    let h = pairSlot(key, size - 1);
    while (pairs[h * 2 + 1] !== 0) h = (h + 1) & (size - 1);
    pairs[h * 2] = key;
    pairs[h * 2 + 1] = node;
  }
  return { trie, entries, literal, gaps, rows: childRows(trie), units, liftWords, pairs, pairMask: size - 1 };
}

export interface Matcher {
  cues: CueTrie;
  status: StatusRules;
  /** Lift word right after a cue (卡点取消, 卡点的取消, 公交、出租车恢复运营). */
  after: RegExp;
  resumeAfter: RegExp;
  /** Any lift word / resume word, longest first (for the search before a cue). */
  liftAny: RegExp;
  resumeAny: RegExp;
  /** Any negation, condition or blocker word (status rules), one RegExp each. */
  negation: RegExp;
  condition: RegExp;
  blocker: RegExp;
}

const GENERAL = 1;
const RESUME = 2;

// A gap (…) spans up to 12 characters within one sentence: 发挥…党员…作用, 划定…风险区.
export const GAP_MAX = 12;
const GAP = `[^。！？；!?;\\n]{0,${GAP_MAX}}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const source = (cue: string) => cue.split('…').map(escape).join(GAP);
const literalLength = (cue: string) => cue.replace(/…/g, '').length;
const alternation = (words: string[]) => (words.length ? words.map(escape).join('|') : '(?!)');

// Dates and times may stand between a cue and its lift word: 公交于3月1日起恢复, 卡点自即日起取消.
const WHEN = '(?:[自从于在]?(?:\\d{4}年)?(?:\\d{1,2}月)?(?:\\d{1,2}[日号]|今日|今天|明日|即日|近日)(?:\\d{1,2}[时点]|零时|0时)?起?)';
// Coordinators: a lift reaches every object coordinated with the one it governs.
const COORD = /[、和及与或]|以及|并且/;

export function compileMatcher(measures: Measure[], status: StatusRules): Matcher {
  const patterns: Pattern[] = [];
  // One RegExp per word list: a rule's ~10 words each searched with includes() cost more.
  const lists = new Map<string[], RegExp | undefined>();
  const anyOf = (words: string[]) => {
    if (!lists.has(words)) lists.set(words, words.length ? new RegExp(words.map(escape).join('|')) : undefined);
    return lists.get(words);
  };
  const add = (cue: string, kind: Pattern['kind'], measure?: Measure, near: string[] = [], unless: string[] = [], window = 30) => {
    const mode = measure && Object.hasOwn(status.modes, measure.id) ? status.modes[measure.id] : undefined;
    patterns.push({ cue, kind, measure, measureId: measure?.id ?? '', category: measure?.category ?? '', near: anyOf(near), unless: anyOf(unless), window, head: cue.split('…')[0].length, modeBit: mode === 'general' ? GENERAL : mode === 'resume' ? RESUME : 0 });
  };
  for (const m of measures) {
    for (const c of m.cues) add(c, 'cue', m);
    for (const r of m.context) for (const c of r.cues) add(c, 'context', m, r.near, r.unless, r.window);
    for (const c of m.negatives) add(c, 'negative');
    for (const c of m.liftCues) add(c, 'lift', m);
  }
  const byCue = new Map<string, Pattern[]>();
  for (const p of patterns) byCue.set(p.cue, [...(byCue.get(p.cue) ?? []), p]);
  // After the cue: an optional coordinated neighbour (公交、出租车), then a few neutral words or a
  // date (的, 已, 全部, 于3月1日起), then the lift word.
  const between = `(?:[、和及与][^，,。；;：:！？!?\\n]{1,5}?)?(?:${alternation(status.between)}|${WHEN})*`;
  const after = new RegExp(`^${between}(${alternation(status.liftWords)})`);
  const resumeAfter = new RegExp(`^${between}(${alternation(status.resumeWords)})`);
  const any = (words: string[]) => new RegExp([...words].sort((a, b) => b.length - a.length).map(escape).join('|') || '(?!)', 'g');
  const anyWord = (words: string[]) => new RegExp(alternation(words));
  return {
    cues: cueTrie(byCue, status),
    status,
    after,
    resumeAfter,
    liftAny: any(status.liftWords),
    resumeAny: any(status.resumeWords),
    negation: anyWord(status.negations),
    condition: anyWord(status.conditions),
    blocker: anyWord(status.blockers),
  };
}

// Sentence and clause ends, looked up by code unit (a RegExp test per character is slow).
// One byte per code unit: 2 ends a sentence (and a clause), 1 ends a clause only.
const SENTENCE_ENDS = '。！？；!?;\n';
const ENDS = new Uint8Array(65536);
for (const c of SENTENCE_ENDS) ENDS[c.charCodeAt(0)] = 2;
for (const c of '，,：:') ENDS[c.charCodeAt(0)] = 1;
/** JavaScript's \\s, by code unit. */
export function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const isSentenceEnd = (text: string, i: number) => ENDS[text.charCodeAt(i)] === 2;
const isClauseEnd = (text: string, i: number) => ENDS[text.charCodeAt(i)] > 0;

// Sentence ends of a text, found once per unit; each match then looks its sentence up. Search
// uses the same two functions, so its evidence is the sentence export shows.
export function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) if (isSentenceEnd(text, i)) ends.push(i);
  return ends;
}

export function sentenceAt(text: string, ends: number[], start: number, end: number): { start: number; end: number } {
  sentenceBounds(text, ends, firstEnd(ends, start), start, end);
  return { start: sentStart, end: sentEnd };
}

/** Index of the first sentence end at or after `at`. */
function firstEnd(ends: number[], at: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bounds sentenceBounds last found. */
let sentStart = 0;
let sentEnd = 0;

/**
 * The sentence of [start, end): it runs to the first sentence end at or after `end` and starts
 * after the one before `start` (`first`: index of the first end at or after `start`), leading
 * blanks left out.
 */
function sentenceBounds(text: string, ends: number[], first: number, start: number, end: number): void {
  let lo = first;
  while (lo < ends.length && ends[lo] < end) lo++;
  let s = first > 0 ? ends[first - 1] + 1 : 0;
  while (s < start && isSpace(text.charCodeAt(s))) s++;
  sentStart = s;
  sentEnd = lo < ends.length ? (text.charCodeAt(ends[lo]) === 10 ? ends[lo] : ends[lo] + 1) : text.length;
}

/** Is one of `words` in the window before or after the hit (within its sentence [ss, se))? */
function nearby(text: string, ss: number, se: number, start: number, end: number, window: number, words: RegExp): boolean {
  const a = Math.max(ss, start - window);
  const b = Math.min(se, end + window);
  // One search over both windows and the hit between them: no word there is the usual answer.
  const x = words.exec(text.slice(a, b));
  if (x === null) return false;
  if (a + x.index + x[0].length <= start || a + x.index >= end) return true;
  // The first word found overlaps the hit: search each window on its own.
  return words.test(text.slice(a, start)) || words.test(text.slice(end, b));
}

/** Index of the first hit starting at or after `at` (hits are sorted by start). */
function firstAtOrAfter(hits: Hits, at: number): number {
  let lo = 0;
  let hi = hits.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits.start[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The accepted hits of a unit, sorted by start, one array per field (no object per hit). The
 * arrays are reused from unit to unit: `count` says how many hold this unit's.
 */
interface Hits {
  count: number;
  start: Int32Array;
  end: Int32Array;
  /** 1: proves lift cues only (a lift word inside it is still free). */
  liftOnly: Uint8Array;
}

const hits: Hits = { count: 0, start: new Int32Array(256), end: new Int32Array(256), liftOnly: new Uint8Array(256) };

function addHit(start: number, end: number, liftOnly: boolean): void {
  if (hits.count === hits.start.length) {
    const size = hits.count * 2;
    const [s, e, l] = [new Int32Array(size), new Int32Array(size), new Uint8Array(size)];
    s.set(hits.start);
    e.set(hits.end);
    l.set(hits.liftOnly);
    [hits.start, hits.end, hits.liftOnly] = [s, e, l];
  }
  hits.start[hits.count] = start;
  hits.end[hits.count] = end;
  hits.liftOnly[hits.count++] = liftOnly ? 1 : 0;
}

/** A unit's sentence ends and lift words (see indexText), in arrays reused from unit to unit. */
const unitIndex = { ends: [] as number[], lifts: [] as number[] };

function clauseStart(text: string, at: number, limit: number): number {
  let from = at;
  while (from > 0 && at - from < limit && !isClauseEnd(text, from - 1)) from--;
  return from;
}

function clauseEnd(text: string, at: number, limit: number): number {
  let to = at;
  while (to < text.length && to - at < limit && !isClauseEnd(text, to)) to++;
  return to;
}

/**
 * Is the lift word at [at, at + len) real, i.e. not negated (不得擅自取消), not conditional
 * (在…完全解除的前提下, 待…后解除, 解除集中隔离前) and not a finished step (核酸检测结束后)?
 * `objectEnd` is where the governed object ends (for 解除集中隔离前).
 */
function liftHolds(text: string, at: number, len: number, objectEnd: number, m: Matcher): boolean {
  const word = text.slice(at, at + len);
  const cs = clauseStart(text, at, 4);
  const lead = text.slice(Math.max(cs, at - 4), at);
  if (m.negation.test(lead)) return false;
  // A condition anywhere earlier in the sentence (如果疫情好转，将取消…), or a clause that opens
  // with 如/若/待 (如疫情形势好转，…; 待隔离期满后解除…).
  let ss = at;
  while (ss > 0 && at - ss < 80 && !isSentenceEnd(text, ss - 1)) ss--;
  const sentenceBefore = text.slice(ss, at);
  if (m.condition.test(sentenceBefore)) return false;
  if (/(?:^|[，,：:])\s*(?:[如若](?![期实干何今])|待(?!遇))/.test(sentenceBefore)) return false;
  // What follows the lift word, and what follows its object, must not make it a time or condition.
  const tail = (from: number) => text.slice(from, clauseEnd(text, from, 12));
  const cond = /^的?(?:前提|之前|以前|前[,，、]|前$|前[须需要应]|条件)/;
  if (cond.test(tail(at + len)) || cond.test(tail(objectEnd))) return false;
  if (m.status.finished.includes(word) && /^后/.test(text.slice(at + len, at + len + 1))) return false;
  return true;
}

/** Does a lift word of mode `bit` start in [a, b)? `lifts`: position * 4 + mode bits, sorted. */
function liftWithin(lifts: number[], a: number, b: number, bit: number): boolean {
  return (liftModes(lifts, a, b, b, b) & bit) !== 0;
}

/** The modes of the lift words that start in [a, b) or [c, d) (a <= b <= c <= d). */
function liftModes(lifts: number[], a: number, b: number, c: number, d: number): number {
  let lo = 0;
  let hi = lifts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lifts[mid] >> 2 < a) lo = mid + 1;
    else hi = mid;
  }
  let modes = 0;
  for (let i = lo; i < lifts.length && lifts[i] >> 2 < d; i++) if (lifts[i] >> 2 < b || lifts[i] >> 2 >= c) modes |= lifts[i] & 3;
  return modes;
}

/**
 * Does a lift word govern the hit? Right after it in the same clause (卡点取消, 卡点的取消), or
 * before it in the same clause with nothing between but neutral words and objects coordinated
 * with it (取消…卡点, 不再查验健康码、行程码; not 解除集中隔离的人员要居家健康监测).
 */
function governed(text: string, k: number, mode: 'general' | 'resume', m: Matcher, lifts: number[]): boolean {
  const st = m.status;
  const start = hits.start[k];
  const end = hits.end[k];
  // Is [a, b) part of another cue (解封 inside a lift cue does not count as a free lift word)?
  // Hits are sorted by start; only those starting shortly before b can overlap.
  const insideCue = (a: number, b: number) => {
    for (let i = firstAtOrAfter(hits, b) - 1; i >= 0 && hits.start[i] > a - 2 * GAP_MAX - 40; i--) {
      if (hits.start[i] < b && a < hits.end[i] && i !== k && hits.liftOnly[i] === 0) return true;
    }
    return false;
  };

  const bit = mode === 'general' ? GENERAL : RESUME;

  // After the cue, in the rest of its clause (up to 16 units). Lift words are rare: most cues
  // have none within reach, and then no RegExp needs to run.
  if (liftWithin(lifts, end, end + 16, bit)) {
    const x = (mode === 'general' ? m.after : m.resumeAfter).exec(text.slice(end, clauseEnd(text, end, 16)));
    if (x) {
      const at = end + x[0].length - x[1].length;
      if (!insideCue(at, at + x[1].length) && liftHolds(text, at, x[1].length, end, m)) return true;
    }
  }

  // Before the cue: the nearest free lift word in the clause. The gap may hold coordinated cues
  // (不再查验核酸检测阴性证明和健康码); only the rest of it counts against maxGapBefore.
  const reach = st.maxGapBefore + 30;
  if (!liftWithin(lifts, start - reach, start, bit)) return false;
  const from = clauseStart(text, start, reach);
  const before = text.slice(from, start);
  let best = -1;
  let len = 0;
  const any = mode === 'general' ? m.liftAny : m.resumeAny;
  any.lastIndex = 0;
  for (let x: RegExpExecArray | null; (x = any.exec(before)); ) {
    if (!insideCue(from + x.index, from + x.index + x[0].length)) (best = x.index), (len = x[0].length);
    any.lastIndex = x.index + 1;
  }
  if (best < 0) return false;
  const liftAt = from + best;
  const gapStart = liftAt + len;
  // Other cues between the lift word and this one must be coordinated with it, one by one.
  const between: number[] = [];
  for (let i = firstAtOrAfter(hits, gapStart); i < k; i++) if (hits.end[i] <= start) between.push(i);
  let cursor = gapStart;
  let plain = '';
  for (let i = 0; i < between.length; i++) {
    plain += text.slice(cursor, hits.start[between[i]]);
    const link = text.slice(hits.end[between[i]], i + 1 < between.length ? hits.start[between[i + 1]] : start);
    if (!COORD.test(link)) return false;
    cursor = hits.end[between[i]];
  }
  plain += text.slice(cursor, start);
  if (plain.length > st.maxGapBefore || m.blocker.test(plain)) return false;
  return liftHolds(text, liftAt, len, end, m);
}

// What indexText finds, in arrays reused from unit to unit: the positions where a cue may start
// and those whose unit ends a sentence or starts a lift word.
let candidates = new Int32Array(1024);
let candidateCount = 0;
let specials = new Int32Array(1024);
/**
 * The longest per-unit arrays kept for the next unit. A longer unit gets arrays of its own,
 * dropped after it: kept, they would hold 8 bytes or more a code unit of the longest unit the
 * process ever matched, for as long as it runs.
 */
const KEEP = 1 << 18;

/** Drops the arrays a unit longer than KEEP grew (matchWith's last step). */
function dropLongArrays(): void {
  if (candidates.length > KEEP) (candidates = new Int32Array(1024)), (specials = new Int32Array(1024));
  if (hits.start.length > KEEP) (hits.start = new Int32Array(256)), (hits.end = new Int32Array(256)), (hits.liftOnly = new Uint8Array(256));
}

/**
 * A pass over a unit, without a branch on cue starts (which way it goes is a coin toss in report
 * text): the positions where a cue may start (into `candidates`: a one-unit first word there,
 * or its pair with the next unit in the trie's bit set of first pairs), and those of sentence
 * ends (into `ends`, as sentenceEnds finds them) and lift words (into `lifts`, as position * 4
 * + their mode bits).
 */
function indexText(c: CueTrie, text: string, ends: number[], lifts: number[]): void {
  const { units } = c;
  const pairBits = c.trie.pairs;
  const n = text.length;
  if (candidates.length < n) {
    const size = n > KEEP ? n : Math.min(KEEP, n * 2);
    (candidates = new Int32Array(size)), (specials = new Int32Array(size));
  }
  let count = 0;
  let special = 0;
  let unit = n > 0 ? text.charCodeAt(0) : 0;
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
    const bit = pairBit(unit, next);
    const u = units[unit];
    candidates[count] = i;
    count += (u & SINGLE) | ((pairBits[bit >>> 5] >>> (bit & 31)) & 1); // SINGLE is bit 0
    // Sentence ends and lift words are rare enough for a branch to be cheaper.
    if ((u & (END | LIFT)) !== 0) specials[special++] = i;
    unit = next;
  }
  candidateCount = count;
  for (let k = 0; k < special; k++) {
    const i = specials[k];
    const code = text.charCodeAt(i);
    if ((units[code] & END) !== 0) ends.push(i);
    if ((units[code] & LIFT) !== 0) {
      let modes = 0;
      for (const w of c.liftWords.get(code)!) if (text.startsWith(w.word, i)) modes |= w.modes;
      if (modes !== 0) lifts.push(i * 4 + modes);
    }
  }
}

/** Is unit `u` among the `count` units from `at` on? */
function unitWithin(text: string, at: number, count: number, u: number): boolean {
  const to = Math.min(text.length, at + count);
  for (let k = at; k < to; k++) if (text.charCodeAt(k) === u) return true;
  return false;
}

/** Where the hit hitAt last found ends. */
let hitEnd = 0;

/**
 * The entry of the pattern that wins at `i` (its end in hitEnd), or undefined: the longest by
 * literal length (a gap does not count), then plain before gapped, then alphabetical.
 */
function hitAt(c: CueTrie, text: string, i: number): Entry | undefined {
  const { trie, literal, gaps: gapLists, entries } = c;
  const n = text.length;
  const code = text.charCodeAt(i);
  let node: number;
  let j: number;
  if ((c.units[code] & SINGLE) !== 0) (node = step(trie, 0, code)), (j = i + 1);
  else {
    // Straight to the node after the first two units (most candidates stop here).
    if (i + 1 === n) return undefined;
    node = pairNode(c, code, text.charCodeAt(i + 1));
    if (node === 0) return undefined;
    j = i + 2;
  }
  let best = -1;
  let bestEnd = 0;
  let bestRank = -1;
  const { start: rowStart, unit: rowUnit, node: rowNode } = c.rows;
  // Ties go to a plain cue over a gap cue of the same words, then alphabetically.
  for (;;) {
    const lit = literal[node];
    if (lit >= 0) {
      // A plain cue's rank from its length, j - i: odd, so never tied with a gap cue's.
      const rank = (j - i) * 2 + 1;
      if (rank > bestRank) (best = lit), (bestEnd = j), (bestRank = rank);
    }
    const gaps = gapLists[node];
    if (gaps !== undefined) {
      for (const g of gaps) {
        const e = entries[g];
        if (!unitWithin(text, i + e.head, GAP_MAX + 1, e.afterGap)) continue;
        e.re!.lastIndex = i;
        const x = e.re!.exec(text);
        if (x && (e.rank > bestRank || (e.rank === bestRank && e.cue < entries[best].cue))) (best = g), (bestEnd = i + x[0].length), (bestRank = e.rank);
      }
    }
    if (j >= n) break;
    const u = text.charCodeAt(j++);
    const to = rowStart[node + 1];
    let k = rowStart[node];
    while (k < to && rowUnit[k] !== u) k++;
    if (k === to) break;
    node = rowNode[k];
  }
  if (best < 0) return undefined;
  hitEnd = bestEnd;
  return entries[best];
}

/** Match with a compiled matcher (the taxonomy's self-check uses this before it is cached). */
export function matchWith(m: Matcher, unitId: string, text: string): Mention[] {
  // Hits, leftmost-longest, with context rules applied; negatives swallow and vanish. Each hit's
  // mentions go out at once: whether a lift word governs a cue depends on the cues around it,
  // but only a cue with a lift word of its mode within reach has to wait for them (pending).
  hits.count = 0;
  const out: Mention[] = [];
  // Mentions whose status waits for all hits: index in `out`, hit, mode bit; three numbers each.
  const pending: number[] = [];
  const { ends, lifts } = unitIndex;
  ends.length = 0;
  lifts.length = 0;
  indexText(m.cues, text, ends, lifts);
  const reach = m.status.maxGapBefore + 30;
  let sentence = '';
  let sentenceFrom = -1;
  let sentenceTo = -1;
  let from = 0;
  // The first sentence end at or after the current start (starts only grow).
  let first = 0;
  for (let p = 0; p < candidateCount; p++) {
    const start = candidates[p];
    if (start < from) continue;
    const e = hitAt(m.cues, text, start);
    if (e === undefined) continue;
    const end = hitEnd;
    // A gap cue's span may hold other cues: scan on from the end of its first word.
    from = e.resume > 0 ? start + e.resume : end;
    if (e.negativeOnly) continue;
    while (first < ends.length && ends[first] < start) first++;
    sentenceBounds(text, ends, first, start, end);
    let pats = e.fixed;
    let liftOnly = e.liftOnly;
    if (!pats) {
      pats = [];
      for (const p of e.all) {
        // One pattern per measure (a cue may be listed for several).
        if (p.kind === 'negative' || !p.measure || pats.some((q) => q.measure === p.measure)) continue;
        if (p.kind === 'context') {
          if (p.near && !nearby(text, sentStart, sentEnd, start, end, p.window, p.near)) continue;
          if (p.unless && nearby(text, sentStart, sentEnd, start, end, p.window, p.unless)) continue;
        }
        pats.push(p);
      }
      if (!pats.length) {
        // A context cue out of its context swallows nothing: 坚守卡点 holds 守卡 (no checkpoint
        // context) and then 卡点. (A negative does swallow: that is what it is for.)
        if (!e.someNegative) from = start + 1;
        continue;
      }
      liftOnly = pats.every((p) => p.kind === 'lift');
    }
    const k = hits.count;
    addHit(start, end, liftOnly);
    // The modes of the lift words within reach (usually none, often not a lift word in the unit).
    const reachable = lifts.length === 0 ? 0 : liftModes(lifts, start - reach, start, end, end + 16);
    // Hits of one sentence share its text.
    if (sentStart !== sentenceFrom || sentEnd !== sentenceTo) (sentence = text.slice(sentStart, sentEnd)), (sentenceFrom = sentStart), (sentenceTo = sentEnd);
    for (const p of pats) {
      let status: Status = 'in_force';
      // A lift cue (恢复营业, 解封) is a lift unless negated: 不得擅自解封 keeps the lockdown.
      if (p.kind === 'lift') {
        if (liftHolds(text, start, end - start, end, m)) status = 'lifted';
      } else if ((p.modeBit & reachable) !== 0) pending.push(out.length, k, p.modeBit);
      out.push({
        unitId,
        measureId: p.measureId,
        category: p.category,
        status,
        cue: p.cue,
        start,
        end,
        sentence,
        sentenceStart: sentStart,
      });
    }
  }
  // Now that every cue of the unit is known; each hit's answer per mode once (several measures
  // of a cue often share a mode).
  for (let i = 0; i < pending.length; i += 3) {
    const k = pending[i + 1];
    const bit = pending[i + 2];
    const same = i > 0 && pending[i - 2] === k && pending[i - 1] === bit;
    if (same ? out[pending[i - 3]].status === 'lifted' : governed(text, k, bit === GENERAL ? 'general' : 'resume', m, lifts)) out[pending[i]].status = 'lifted';
  }
  dropLongArrays();
  return out;
}

export function matchUnit(unitId: string, text: string, tax: Taxonomy = loadTaxonomy()): Mention[] {
  return matchWith(tax.matcher, unitId, text);
}
