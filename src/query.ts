// Queries: filters, groups and comparisons over units and mentions. They return plain data;
// the renderers decide how it looks.
import { sentenceAt, sentenceEnds } from './match.js';
import { loadTaxonomy } from './taxonomy.js';
import { lookupName } from './place.js';
import { toSimplified } from './script.js';
import type { FactTable, FactUnit, Mention, Place, Status, Unit } from './types.js';

export interface Filters {
  years?: number[];
  provinces?: string[];
  prefectures?: string[];
  jurisdictions?: string[];
  categories?: string[];
  status?: Status;
}

export interface View {
  units: Unit[];
  mentions: Mention[];
}

export type GroupBy = 'jurisdiction' | 'prefecture' | 'province' | 'year';

/** A selector resolved to a set of units, or a measure category. */
export interface Group {
  kind: GroupBy | 'category';
  key: string;
  label: string;
  units: Unit[];
  /** For category selectors: the measures that belong to the group. */
  measureIds?: Set<string>;
}

const ADMIN_SUFFIX = /(维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|自治州|自治县|地区|省|市|县|区|盟|旗)$/;

function stem(name: string): string {
  const s = name.replace(ADMIN_SUFFIX, '');
  return s.length >= 2 ? s : name;
}

/** Selectors may be Traditional (原陽縣) or short (原阳, 河南): try as written, then simplified. */
function spellings(q: string): string[] {
  const t = q.trim();
  const s = toSimplified(t);
  return s === t ? [t] : [t, s];
}

function nameMatches(official: string | undefined, query: string): boolean {
  if (!official) return false;
  return spellings(query).some((q) => official === q || stem(official) === stem(q));
}

function placeMatches(unit: FactUnit, level: 'jurisdiction' | 'prefecture' | 'province', query: string): boolean {
  const p = unit.place;
  if (!p) return false;
  if (level === 'province') return nameMatches(p.province, query);
  if (level === 'prefecture') return nameMatches(p.prefecture, query);
  if (nameMatches(p.name, query)) return true;
  // Names the gazetteer knows by another form (高新区 under its prefecture, renamed counties).
  return spellings(query).some((q) => lookupName(q, { prefecture: p.prefecture }).some((c) => c.code === p.code));
}

export function unitKey(unit: FactUnit, by: GroupBy): string {
  switch (by) {
    case 'year':
      return unit.year ? String(unit.year) : 'unknown';
    case 'province':
      return unit.place?.province || 'unknown';
    case 'prefecture':
      return unit.place?.prefecture || 'unknown';
    default:
      return unit.place?.name || 'unknown';
  }
}

/** The units a filter keeps, as a test; undefined when it keeps them all. */
function unitFilter(f: Filters): ((u: FactUnit) => boolean) | undefined {
  const none = (xs?: unknown[]) => !xs?.length;
  if (none(f.years) && none(f.provinces) && none(f.prefectures) && none(f.jurisdictions)) return undefined;
  const listed = (xs: string[] | undefined, unit: FactUnit, level: 'jurisdiction' | 'prefecture' | 'province') =>
    !xs?.length || xs.some((x) => placeMatches(unit, level, x));
  return (u) =>
    (!f.years?.length || (u.year !== undefined && f.years.includes(u.year))) &&
    listed(f.provinces, u, 'province') &&
    listed(f.prefectures, u, 'prefecture') &&
    listed(f.jurisdictions, u, 'jurisdiction');
}

export function applyFilters(view: View, f: Filters): View {
  const keep = unitFilter(f);
  if (!keep && !f.categories?.length && !f.status) return view;
  const units = keep ? view.units.filter(keep) : view.units;
  const ids = new Set(units.map((u) => u.id));
  const cats = f.categories?.length ? new Set(f.categories) : undefined;
  const mentions = view.mentions.filter(
    (m) => ids.has(m.unitId) && (!cats || cats.has(m.category)) && (!f.status || m.status === f.status),
  );
  return { units, mentions };
}

/** A view's mentions as a fact table (mentions of measures the taxonomy lacks are left out). */
export function factTable(view: View): FactTable {
  const index = measureOrder();
  const unitIdx = new Map(view.units.map((u, i) => [u.id, i]));
  const unit: number[] = [];
  const measure: number[] = [];
  const lifted: number[] = [];
  // A unit's mentions come together: look its index up once per run of them.
  let lastId: string | undefined;
  let u: number | undefined;
  for (const m of view.mentions) {
    if (m.unitId !== lastId) u = unitIdx.get((lastId = m.unitId));
    const mi = index.get(m.measureId);
    if (u === undefined || mi === undefined) continue;
    unit.push(u);
    measure.push(mi);
    lifted.push(m.status === 'lifted' ? 1 : 0);
  }
  return { units: view.units, unit: Int32Array.from(unit), measure: Int32Array.from(measure), lifted: Uint8Array.from(lifted) };
}

/** applyFilters for a fact table. */
export function filterTable(t: FactTable, f: Filters): FactTable {
  const keep = unitFilter(f);
  if (!keep && !f.categories?.length && !f.status) return t;
  const measures = loadTaxonomy().measures;
  const cats = f.categories?.length ? new Set(f.categories) : undefined;
  const units: FactUnit[] = [];
  const newIndex = new Int32Array(t.units.length).fill(-1);
  t.units.forEach((u, i) => {
    if (!keep || keep(u)) newIndex[i] = units.push(u) - 1;
  });
  const rows: number[] = [];
  for (let i = 0; i < t.unit.length; i++) {
    if (newIndex[t.unit[i]] < 0) continue;
    if (cats && !cats.has(measures[t.measure[i]].category)) continue;
    if (f.status && (t.lifted[i] === 1) !== (f.status === 'lifted')) continue;
    rows.push(i);
  }
  return {
    units,
    unit: Int32Array.from(rows, (i) => newIndex[t.unit[i]]),
    measure: Int32Array.from(rows, (i) => t.measure[i]),
    lifted: Uint8Array.from(rows, (i) => t.lifted[i]),
  };
}

const PLACE_LEVELS = ['jurisdiction', 'prefecture', 'province'] as const;

/**
 * The units selectGroup could pick for this selector at any place level. A corpus read a part at
 * a time need keep only these: selectGroup over them picks what it picks over the whole corpus
 * (a year or a category selects no units here; callers that take one must not need them).
 */
export function selectorCandidates(selector: string): (u: FactUnit) => boolean {
  const q = selector.trim();
  // Whether a unit matches depends on its place only, and a corpus has a few thousand of those.
  const memo = new Map<Place, boolean>();
  return (u) => {
    if (!u.place) return false;
    let hit = memo.get(u.place);
    if (hit === undefined) memo.set(u.place, (hit = PLACE_LEVELS.some((level) => placeMatches(u, level, q))));
    return hit;
  };
}

/** Resolve a selector (jurisdiction, prefecture, province, year or category) against the units. */
export function selectGroup(selector: string, units: Unit[]): Group | { error: string } {
  const q = selector.trim();
  if (/^(19|20)\d\d$/.test(q)) {
    return { kind: 'year', key: q, label: q, units: units.filter((u) => String(u.year) === q) };
  }
  const tax = loadTaxonomy();
  const cat = tax.categories.find((c) => c.id === q || c.zh === q || c.en.toLowerCase() === q.toLowerCase());
  if (cat) {
    return { kind: 'category', key: cat.id, label: cat.zh, units, measureIds: new Set(tax.measures.filter((m) => m.category === cat.id).map((m) => m.id)) };
  }
  for (const level of PLACE_LEVELS) {
    const hit = units.filter((u) => placeMatches(u, level, q));
    if (hit.length) {
      const first = hit[0].place!;
      const key = level === 'jurisdiction' ? first.name : level === 'prefecture' ? first.prefecture : first.province;
      return { kind: level, key, label: key, units: hit };
    }
  }
  return { error: `no unit matches ${q}${suggest(q, units)}` };
}

function suggest(q: string, units: Unit[]): string {
  const names = new Set<string>();
  for (const u of units) {
    if (!u.place) continue;
    names.add(u.place.name);
    names.add(u.place.prefecture);
    names.add(u.place.province);
  }
  const qs = spellings(q);
  const close = [...names].filter((n) => qs.some((s) => n.includes(s) || s.includes(stem(n)) || editDistance(n, s) <= 1));
  return close.length ? `; did you mean ${close.slice(0, 3).join(', ')}?` : '';
}

function editDistance(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (A[i - 1] === B[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[B.length];
}

/** For each unit id: measure id → the statuses its mentions have. */
function unitStatuses(mentions: Mention[]): Map<string, Map<string, Set<Status>>> {
  const out = new Map<string, Map<string, Set<Status>>>();
  for (const m of mentions) {
    let byMeasure = out.get(m.unitId);
    if (!byMeasure) out.set(m.unitId, (byMeasure = new Map()));
    let st = byMeasure.get(m.measureId);
    if (!st) byMeasure.set(m.measureId, (st = new Set()));
    st.add(m.status);
  }
  return out;
}

// ---------- reports and export ----------

export function reportRows(units: Unit[]) {
  return units.map((u) => {
    const { year, ...meta } = unitMeta(u);
    return {
      ...meta,
      published_date: u.publishedDate ?? '',
      year,
      year_source: u.yearSource,
      script: u.script,
      chars: u.chars,
      heading: u.heading ?? '',
      place_evidence: u.placeEvidence ?? '',
    };
  });
}

function unitMeta(u: Unit) {
  return {
    unit_id: u.id,
    file: u.file,
    jurisdiction: u.place?.name ?? '',
    adm_code: u.place?.code ?? '',
    prefecture: u.place?.prefecture ?? '',
    province: u.place?.province ?? '',
    event_date: u.eventDate ?? '',
    year: u.year ?? '',
  };
}

type UnitMeta = ReturnType<typeof unitMeta>;
export type ExportUnitRow = UnitMeta & { measure_id: string; category: string; status: Status; mentions: number; evidence: string };
export type ExportMentionRow = UnitMeta & { measure_id: string; category: string; status: Status; cue: string; start: number; end: number; matched: string; evidence: string };

/** A unit's fields as the start of an export row, the rest filled in by the caller: assigning
 * beats spreading the unit's fields into each row, which was most of the time export spent here. */
function metaRow<T extends UnitMeta>(u: Unit): T {
  return unitMeta(u) as T;
}

function mentionsByUnit(mentions: Mention[]): Map<string, Mention[]> {
  const byUnit = new Map<string, Mention[]>();
  for (const m of mentions) {
    const list = byUnit.get(m.unitId);
    if (list) list.push(m);
    else byUnit.set(m.unitId, [m]);
  }
  return byUnit;
}

/** One row per unit × measure × status, in unit order then taxonomy order. */
export function exportUnitRows(view: View) {
  const order = measureOrder();
  const byUnit = mentionsByUnit(view.mentions);
  const rows: ExportUnitRow[] = [];
  // Per unit, measure × status → its first mention and count, in a slot per taxonomy measure
  // (twice: in force, lifted): no key strings to build for each of a corpus's mentions.
  const M = order.size;
  const slot = new Int32Array(2 * M).fill(-1);
  const acc: { first: Mention; n: number; rank: number }[] = [];
  const unknown = new Map<string, number>();
  for (const u of view.units) {
    const ms = byUnit.get(u.id);
    if (!ms) continue;
    acc.length = 0;
    unknown.clear();
    for (const m of ms) {
      const lifted = m.status === 'in_force' ? 0 : 1;
      const o = order.get(m.measureId);
      let k: number;
      if (o !== undefined) {
        const s = 2 * o + lifted;
        if ((k = slot[s]) < 0) slot[s] = k = acc.push({ first: m, n: 0, rank: s }) - 1;
      } else {
        // Not in the taxonomy (never from extraction): after every measure that is.
        const key = `${m.measureId}\u0000${m.status}`;
        const found = unknown.get(key);
        if (found === undefined) unknown.set(key, (k = acc.push({ first: m, n: 0, rank: 2 * 999 + lifted }) - 1));
        else k = found;
      }
      acc[k].n++;
    }
    for (const a of acc) if (a.rank < 2 * M) slot[a.rank] = -1;
    // Stable: ties (unknown measures) keep their first-seen order.
    const list = acc.length > 1 ? [...acc].sort((x, y) => x.rank - y.rank) : acc;
    for (const { first, n } of list) {
      const row = metaRow<ExportUnitRow>(u);
      row.measure_id = first.measureId;
      row.category = first.category;
      row.status = first.status;
      row.mentions = n;
      row.evidence = first.sentence;
      rows.push(row);
    }
  }
  return rows;
}

/** One row per mention, with offsets into the unit text and the cue that fired. */
export function exportMentionRows(view: View) {
  const byId = new Map(view.units.map((u) => [u.id, u]));
  const rows: ExportMentionRow[] = [];
  for (const m of view.mentions) {
    const u = byId.get(m.unitId);
    if (!u) continue;
    const row = metaRow<ExportMentionRow>(u);
    row.measure_id = m.measureId;
    row.category = m.category;
    row.status = m.status;
    row.cue = m.cue;
    row.start = m.start;
    row.end = m.end;
    row.matched = u.text.slice(m.start, m.end);
    row.evidence = m.sentence;
    rows.push(row);
  }
  return rows;
}

let order: Map<string, number> | undefined;

export function measureOrder(): Map<string, number> {
  return (order ??= new Map(loadTaxonomy().measures.map((m, i) => [m.id, i])));
}

// ---------- matrix ----------

export interface MatrixCell {
  units: number;
  lifted: number;
  share: number;
}

export interface Matrix {
  by: GroupBy;
  groups: { key: string; units: number }[];
  /** Groups in the view; more than `groups` when only the largest were kept. */
  totalGroups: number;
  rows: { measure_id: string; category: string; zh: string; en: string; cells: Record<string, MatrixCell> }[];
}

const collator = new Intl.Collator('zh-Hans-CN');

/**
 * Measures × groups. With `top`, only the `top` largest groups (in group order) get cells; with
 * `dropEmpty`, measures no unit of the view has are left out (judged on all groups).
 */
export function matrix(t: FactTable, by: GroupBy, opts: { top?: number; dropEmpty?: boolean } = {}): Matrix {
  const { top, dropEmpty } = opts;
  const tax = loadTaxonomy();
  const M = tax.measures.length;
  const size = new Map<string, number>();
  for (const u of t.units) {
    const k = unitKey(u, by);
    size.set(k, (size.get(k) ?? 0) + 1);
  }
  const keys = [...size.keys()].sort((a, b) => (a === 'unknown' ? 1 : b === 'unknown' ? -1 : collator.compare(a, b)));
  const groupIdx = new Map(keys.map((k, i) => [k, i]));
  const unitGroup = Int32Array.from(t.units, (u) => groupIdx.get(unitKey(u, by))!);
  // One pass over the facts: a unit counts once per measure, and once more if it lifts it
  // (bit 1: has the measure, bit 2: lifts it).
  const seen = new Uint8Array(t.units.length * M);
  const units = new Int32Array(keys.length * M);
  const lifted = new Int32Array(keys.length * M);
  for (let i = 0; i < t.unit.length; i++) {
    const u = t.unit[i];
    const mi = t.measure[i];
    const k = u * M + mi;
    const prev = seen[k];
    const cell = unitGroup[u] * M + mi;
    if (!(prev & 1)) units[cell]++;
    if (t.lifted[i] && !(prev & 2)) lifted[cell]++;
    seen[k] = prev | 1 | (t.lifted[i] << 1);
  }
  let shown = keys.map((_, g) => g);
  if (top !== undefined && keys.length > top) {
    const largest = new Set([...shown].sort((a, b) => size.get(keys[b])! - size.get(keys[a])! || a - b).slice(0, top));
    shown = shown.filter((g) => largest.has(g));
  }
  const present = new Uint8Array(M);
  for (let c = 0; c < units.length; c++) if (units[c] > 0) present[c % M] = 1;
  const measures = tax.measures.map((m, mi) => ({ m, mi })).filter(({ mi }) => !dropEmpty || present[mi]);
  const rows = measures.map(({ m, mi }) => {
    const cells: Record<string, MatrixCell> = {};
    for (const g of shown) {
      const n = units[g * M + mi];
      cells[keys[g]] = { units: n, lifted: lifted[g * M + mi], share: n / size.get(keys[g])! };
    }
    return { measure_id: m.id, category: m.category, zh: m.zh, en: m.en, cells };
  });
  return { by, groups: shown.map((g) => ({ key: keys[g], units: size.get(keys[g])! })), totalGroups: keys.length, rows };
}

// ---------- compare ----------

export interface CompareRow {
  measure_id: string;
  category: string;
  zh: string;
  side: 'both' | 'only_a' | 'only_b';
  a_status: string;
  b_status: string;
  a_units: number;
  b_units: number;
  a_evidence: string;
  b_evidence: string;
}

function groupProfile(group: Group, view: View) {
  const ids = new Set(group.units.map((u) => u.id));
  const prof = new Map<string, { units: Set<string>; statuses: Set<Status>; evidence: string }>();
  for (const m of view.mentions) {
    if (!ids.has(m.unitId)) continue;
    if (group.measureIds && !group.measureIds.has(m.measureId)) continue;
    let p = prof.get(m.measureId);
    if (!p) prof.set(m.measureId, (p = { units: new Set(), statuses: new Set(), evidence: m.sentence }));
    p.units.add(m.unitId);
    p.statuses.add(m.status);
  }
  return prof;
}

function statusText(s: Set<Status> | undefined): string {
  if (!s) return '';
  return [...s].sort().join('+');
}

export function compare(a: Group, b: Group, view: View): CompareRow[] {
  const tax = loadTaxonomy();
  const pa = groupProfile(a, view);
  const pb = groupProfile(b, view);
  const rows: CompareRow[] = [];
  for (const m of tax.measures) {
    const x = pa.get(m.id);
    const y = pb.get(m.id);
    if (!x && !y) continue;
    rows.push({
      measure_id: m.id,
      category: m.category,
      zh: m.zh,
      side: x && y ? 'both' : x ? 'only_a' : 'only_b',
      a_status: statusText(x?.statuses),
      b_status: statusText(y?.statuses),
      a_units: x?.units.size ?? 0,
      b_units: y?.units.size ?? 0,
      a_evidence: x?.evidence ?? '',
      b_evidence: y?.evidence ?? '',
    });
  }
  const rank = { both: 0, only_a: 1, only_b: 2 };
  return rows.sort((r, s) => rank[r.side] - rank[s.side]);
}

/** One line per measure with its status: the profile that `compare --diff` diffs. */
export function profileLines(rows: CompareRow[], side: 'a' | 'b'): string {
  const order = measureOrder();
  return rows
    .filter((r) => (side === 'a' ? r.a_status : r.b_status))
    .sort((r, s) => order.get(r.measure_id)! - order.get(s.measure_id)!)
    .map((r) => `${r.measure_id}: ${side === 'a' ? r.a_status : r.b_status}\n`)
    .join('');
}

// ---------- timeline ----------

export function timeline(group: Group, view: View) {
  const order = measureOrder();
  const ids = new Set(group.units.map((u) => u.id));
  const profiles = unitStatuses(view.mentions.filter((m) => ids.has(m.unitId)));
  return [...group.units]
    .sort((a, b) => (a.eventDate ?? '9999').localeCompare(b.eventDate ?? '9999') || a.id.localeCompare(b.id))
    .map((u) => {
      const prof = profiles.get(u.id) ?? new Map<string, Set<Status>>();
      const ids = [...prof.keys()].sort((x, y) => order.get(x)! - order.get(y)!);
      return {
        date: u.eventDate ?? '',
        unit_id: u.id,
        file: u.file,
        jurisdiction: u.place?.name ?? '',
        measures: ids.filter((id) => prof.get(id)!.has('in_force')),
        lifted: ids.filter((id) => prof.get(id)!.has('lifted')),
      };
    });
}

// ---------- search ----------

export interface SearchHit {
  unit_id: string;
  file: string;
  jurisdiction: string;
  date: string;
  measure_id: string;
  status: string;
  evidence: string;
  /** Offsets of the match within `evidence`. */
  hit_start: number;
  hit_end: number;
}

/** What a search looks for, worked out once from the query (then applied to one view or to a
 * store a file at a time). */
export type SearchPlan = { kind: 'measure'; measures: string[] } | { kind: 'text'; measures: []; needles: string[] };

/** A measure id or label finds its mentions; anything else is text, found in any script. */
export function searchPlan(query: string): SearchPlan {
  const tax = loadTaxonomy();
  const q = query.trim();
  const simp = toSimplified(q);
  const lower = q.toLowerCase();
  const measures = tax.measures.filter(
    (m) => m.id === lower || m.en.toLowerCase() === lower || m.zh === q || m.zh === simp,
  );
  if (measures.length) return { kind: 'measure', measures: [...new Set(measures.map((m) => m.id))] };
  return { kind: 'text', measures: [], needles: [...new Set([q, simp])].filter(Boolean) };
}

export function search(query: string, view: View): { kind: 'measure' | 'text'; measures: string[]; hits: SearchHit[] } {
  const plan = searchPlan(query);
  return { kind: plan.kind, measures: plan.measures, hits: searchHits(plan, view) };
}

/** The plan's hits in one view, in unit order (mention order for a measure). */
export function searchHits(plan: SearchPlan, view: View): SearchHit[] {
  const units = new Map(view.units.map((u) => [u.id, u]));
  const meta = (u: Unit) => ({ unit_id: u.id, file: u.file, jurisdiction: u.place?.name ?? '', date: u.eventDate ?? '' });
  if (plan.kind === 'measure') {
    const ids = new Set(plan.measures);
    return view.mentions
      .filter((m) => ids.has(m.measureId) && units.has(m.unitId))
      .map((m) => ({
        ...meta(units.get(m.unitId)!),
        measure_id: m.measureId,
        status: m.status,
        evidence: m.sentence,
        hit_start: m.start - m.sentenceStart,
        hit_end: m.end - m.sentenceStart,
      }));
  }
  const { needles } = plan;
  const hits: SearchHit[] = [];
  const byUnit = mentionsByUnit(view.mentions);
  for (const u of view.units) {
    let ends: number[] | undefined;
    for (const needle of needles) {
      for (let at = u.text.indexOf(needle); at >= 0; at = u.text.indexOf(needle, at + needle.length)) {
        const end = at + needle.length;
        const sent = sentenceAt(u.text, (ends ??= sentenceEnds(u.text)), at, end);
        const over = (byUnit.get(u.id) ?? []).filter((m) => m.start < end && m.end > at);
        const base = { ...meta(u), evidence: u.text.slice(sent.start, sent.end), hit_start: at - sent.start, hit_end: end - sent.start };
        if (!over.length) hits.push({ ...base, measure_id: '', status: '' });
        for (const m of dedupe(over)) hits.push({ ...base, measure_id: m.measureId, status: m.status });
      }
      if (needles.length > 1 && u.text.includes(needles[0])) break;
    }
  }
  return hits;
}

function dedupe(ms: Mention[]): Mention[] {
  const seen = new Set<string>();
  return ms.filter((m) => {
    const k = `${m.measureId}/${m.status}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
