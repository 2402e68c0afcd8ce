// Match: find the taxonomy's measures in a unit's Simplified text, with the sentence that proves
// each and whether it is in force or lifted. Every cue and negative sits in one character trie
// that scans the text once: at each position the longest pattern wins (leftmost-longest), so a
// negative that covers a cue (打卡点 over 卡点) swallows it. A trie, not one big alternation
// RegExp, because with ~1,000 alternatives the RegExp tried each at every position.
import type { Measure, StatusRules, Taxonomy } from './taxonomy.js';
import type { Mention, Status } from './types.js';
import { loadTaxonomy } from './taxonomy.js';

interface Pattern {
  /** As written in the taxonomy. */
  cue: string;
  kind: 'cue' | 'context' | 'negative' | 'lift';
  measure?: Measure;
  near: string[];
  unless: string[];
  window: number;
  /** For gap cues: the regexp matching the whole cue, and the length of its first word. */
  gap?: RegExp;
  head: number;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /** A literal cue ending here. */
  literal?: string;
  /** Gap cues whose first word ends here, each with a sticky RegExp for the whole cue. */
  gaps?: { cue: string; re: RegExp }[];
}

export interface Matcher {
  trie: TrieNode;
  /** Cue text → the patterns (of one or several measures) written with it. */
  byCue: Map<string, Pattern[]>;
  status: StatusRules;
  after: RegExp;
  resumeAfter: RegExp;
}

// A gap (…) spans up to 12 characters within one sentence: 发挥…党员…作用, 启动…响应.
const GAP = '[^。！？；!?;\\n]{0,12}';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const source = (cue: string) => cue.split('…').map(escape).join(GAP);
const literalLength = (cue: string) => cue.replace(/…/g, '').length;

export function compileMatcher(measures: Measure[], status: StatusRules): Matcher {
  const patterns: Pattern[] = [];
  const add = (cue: string, kind: Pattern['kind'], measure?: Measure, near: string[] = [], unless: string[] = [], window = 30) => {
    const gap = cue.includes('…') ? new RegExp(`^(?:${source(cue)})$`) : undefined;
    patterns.push({ cue, kind, measure, near, unless, window, gap, head: cue.split('…')[0].length });
  };
  for (const m of measures) {
    for (const c of m.cues) add(c, 'cue', m);
    for (const r of m.context) for (const c of r.cues) add(c, 'context', m, r.near, r.unless, r.window);
    for (const c of m.negatives) add(c, 'negative');
    for (const c of m.liftCues) add(c, 'lift', m);
  }
  const byCue = new Map<string, Pattern[]>();
  for (const p of patterns) byCue.set(p.cue, [...(byCue.get(p.cue) ?? []), p]);
  const trie: TrieNode = { next: new Map() };
  for (const cue of byCue.keys()) {
    const head = cue.split('…')[0];
    let node = trie;
    for (let i = 0; i < head.length; i++) {
      const c = head.charCodeAt(i);
      let n = node.next.get(c);
      if (!n) node.next.set(c, (n = { next: new Map() }));
      node = n;
    }
    if (cue.includes('…')) (node.gaps ??= []).push({ cue, re: new RegExp(source(cue), 'y') });
    else node.literal = cue;
  }
  // 卡点取消, 卡点的取消, and a coordinated neighbour: 公交、出租车恢复运营.
  const between = `(?:[、和及与][^，,。；;：:！？!?\\n]{1,5}?)?(?:${status.between.map(escape).join('|') || '(?!)'}){0,3}`;
  const after = new RegExp(`^${between}(?:${status.liftWords.map(escape).join('|')})`);
  const resumeAfter = new RegExp(`^${between}(?:${status.resumeWords.map(escape).join('|') || '(?!)'})`);
  return { trie, byCue, status, after, resumeAfter };
}

const SENTENCE_END = /[。！？；!?;\n]/;
const CLAUSE_END = /[。！？；!?;\n，,：:]/;

// Sentence ends of a text, found once per unit; each match then looks its sentence up.
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) if (SENTENCE_END.test(text[i])) ends.push(i);
  return ends;
}

function sentenceAt(text: string, ends: number[], start: number, end: number): { start: number; end: number } {
  // The first sentence end at or after `end`, by binary search; the sentence starts after the one before.
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] < end) lo = mid + 1;
    else hi = mid;
  }
  let s = 0;
  for (let k = lo - 1; k >= 0; k--) {
    if (ends[k] < start) {
      s = ends[k] + 1;
      break;
    }
  }
  while (s < start && /\s/.test(text[s])) s++;
  const e = lo < ends.length ? (text[ends[lo]] === '\n' ? ends[lo] : ends[lo] + 1) : text.length;
  return { start: s, end: e };
}

function nearby(text: string, sent: { start: number; end: number }, start: number, end: number, window: number, words: string[]): boolean {
  if (!words.length) return false;
  const from = Math.max(sent.start, start - window);
  const to = Math.min(sent.end, end + window);
  const around = text.slice(from, start) + '\u0000' + text.slice(end, to);
  return words.some((w) => around.includes(w));
}

// Length of the lift word that ends the matched lead-in.
function liftWordAt(lead: string, words: string[]): number {
  let best = 0;
  for (const w of words) if (lead.endsWith(w) && w.length > best) best = w.length;
  return best;
}

/** Does a cue that is not itself a lift (取消探视, not 恢复运营) start at `at` and run past `word`? */
function startsLongerCue(m: Matcher, text: string, at: number, word: number): boolean {
  let node: TrieNode | undefined = m.trie;
  for (let j = at; j < text.length && node; j++) {
    node = node.next.get(text.charCodeAt(j));
    if (node?.literal && j + 1 - at > word && m.byCue.get(node.literal)!.some((p) => p.kind === 'cue' || p.kind === 'context')) return true;
  }
  return false;
}

/** Does a lift word govern the cue at [start, end)? */
function lifted(text: string, start: number, end: number, mode: 'general' | 'resume' | undefined, m: Matcher): boolean {
  if (!mode) return false;
  const st = m.status;
  const words = mode === 'general' ? st.liftWords : st.resumeWords;
  // After the cue, in the same clause: 卡点取消, 卡点的取消, 班线的恢复运营.
  let clauseEnd = end;
  while (clauseEnd < text.length && clauseEnd - end < 12 && !CLAUSE_END.test(text[clauseEnd])) clauseEnd++;
  const after = (mode === 'general' ? m.after : m.resumeAfter).exec(text.slice(end, clauseEnd));
  // …unless the lift word opens a cue of its own (养老机构一律取消探视: 取消探视 is a restriction).
  if (after) {
    const w = liftWordAt(after[0], words);
    if (!startsLongerCue(m, text, end + after[0].length - w, w)) return true;
  }
  // Before the cue, in the same clause, with nothing that starts another predicate between:
  // 取消…卡点, 恢复…公共交通, 解除居家隔离 — but not 解除隔离后继续居家健康监测.
  let from = start;
  while (from > 0 && start - from < st.maxGapBefore && !CLAUSE_END.test(text[from - 1])) from--;
  const before = text.slice(from, start);
  let best = -1;
  let word = '';
  for (const w of words) {
    const at = before.lastIndexOf(w);
    if (at > best) (best = at), (word = w);
  }
  if (best < 0) return false;
  const gap = before.slice(best + word.length);
  if (st.blockers.some((b) => gap.includes(b))) return false;
  const lead = text.slice(Math.max(0, from + best - 4), from + best);
  if (st.negations.some((n) => lead.endsWith(n) || lead.slice(0, -1).endsWith(n))) return false;
  return true;
}

/**
 * The next pattern at or after `from`: leftmost, then longest by literal length (a gap does not
 * count), then plain before gapped, then alphabetical.
 */
function nextHit(trie: TrieNode, text: string, from: number): { start: number; end: number; cue: string } | undefined {
  for (let i = from; i < text.length; i++) {
    let node = trie.next.get(text.charCodeAt(i));
    if (!node) continue;
    let bestCue: string | undefined;
    let bestEnd = 0;
    let bestRank = -1;
    // Ties go to a plain cue over a gap cue of the same words, then alphabetically.
    for (let j = i + 1; ; j++) {
      if (node.literal) {
        const rank = node.literal.length * 2 + 1;
        if (rank > bestRank || (rank === bestRank && node.literal < bestCue!)) (bestCue = node.literal), (bestEnd = j), (bestRank = rank);
      }
      if (node.gaps) {
        for (const g of node.gaps) {
          g.re.lastIndex = i;
          const x = g.re.exec(text);
          const rank = literalLength(g.cue) * 2;
          if (x && (rank > bestRank || (rank === bestRank && g.cue < bestCue!))) (bestCue = g.cue), (bestEnd = i + x[0].length), (bestRank = rank);
        }
      }
      if (j >= text.length) break;
      const n = node.next.get(text.charCodeAt(j));
      if (!n) break;
      node = n;
    }
    if (bestCue !== undefined) return { start: i, end: bestEnd, cue: bestCue };
  }
  return undefined;
}

/** Match with a compiled matcher (the taxonomy's self-check uses this before it is cached). */
export function matchWith(m: Matcher, unitId: string, text: string, taxonomyModes?: Record<string, 'general' | 'resume'>): Mention[] {
  const modes = taxonomyModes ?? m.status.modes;
  const out: Mention[] = [];
  let ends: number[] | undefined;
  let hit: ReturnType<typeof nextHit>;
  let from = 0;
  while ((hit = nextHit(m.trie, text, from))) {
    const { start, end } = hit;
    const pats = m.byCue.get(hit.cue)!;
    // A gap cue's span may hold other cues: scan on from the end of its first word.
    from = pats[0].gap ? start + Math.max(1, pats[0].head) : end;
    const sent = sentenceAt(text, (ends ??= sentenceEnds(text)), start, end);
    const seen = new Set<string>();
    for (const p of pats) {
      if (p.kind === 'negative' || !p.measure || seen.has(p.measure.id)) continue;
      if (p.kind === 'context') {
        if (p.near.length && !nearby(text, sent, start, end, p.window, p.near)) continue;
        if (nearby(text, sent, start, end, p.window, p.unless)) continue;
      }
      seen.add(p.measure.id);
      const status: Status = p.kind === 'lift' || lifted(text, start, end, modes[p.measure.id], m) ? 'lifted' : 'in_force';
      out.push({
        unitId,
        measureId: p.measure.id,
        category: p.measure.category,
        status,
        cue: p.cue,
        start,
        end,
        sentence: text.slice(sent.start, sent.end),
        sentenceStart: sent.start,
      });
    }
  }
  return out;
}

export function matchUnit(unitId: string, text: string, tax: Taxonomy = loadTaxonomy()): Mention[] {
  return matchWith(tax.matcher, unitId, text);
}
