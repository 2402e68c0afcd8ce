// The measure taxonomy is data (src/data/taxonomy/*.json, see SCHEMA.md there). Loading it
// validates every field, compiles the matcher, and runs each measure's own examples: a broken
// taxonomy fails loudly, naming the file, the measure and the cue or example. Nothing happens at
// import time; the first loadTaxonomy() reads and checks the files once (the matcher and the
// examples when something first matches: store queries never do).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './paths.js';
import { compileMatcher, matchWith, type Matcher } from './match.js';

export interface Category {
  id: string;
  zh: string;
  en: string;
}

export interface ContextRule {
  cues: string[];
  /** The cue counts only with one of these nearby; empty: always, unless vetoed. */
  near: string[];
  window: number;
  unless: string[];
}

export interface Measure {
  id: string;
  zh: string;
  en: string;
  category: string;
  definition: string;
  oxcgrt: string | null;
  phsm: string | null;
  cues: string[];
  context: ContextRule[];
  negatives: string[];
  liftCues: string[];
  examples: { match: string[]; nomatch: string[]; lifted: string[] };
  /** The file it was loaded from, for error messages. */
  file: string;
}

export interface StatusRules {
  /** Words that lift a "general" measure they govern: 取消, 解除, 撤除… */
  liftWords: string[];
  /** Words that lift a "resume" measure (a suspended service) they govern: 恢复, 重新开放… */
  resumeWords: string[];
  /** Neutral words allowed between a cue and a following lift word: 卡点的取消, 卡点全部撤除. */
  between: string[];
  /** Words that, between a lift word and a later cue, start another predicate: 后, 继续, 要求… */
  blockers: string[];
  /** Words right before a lift word that negate it: 不得, 未, 擅自… */
  negations: string[];
  /** Words earlier in the clause that make a lift hypothetical: 如果, 待, 何时… */
  conditions: string[];
  /** Lift words that, followed by 后, mark a finished step rather than a lift: 核酸检测结束后. */
  finished: string[];
  maxGapBefore: number;
  modes: Record<string, 'general' | 'resume'>;
}

export interface Taxonomy {
  categories: Category[];
  measures: Measure[];
  measureById: Map<string, Measure>;
  status: StatusRules;
  /** Hash of the data files: a store built with another version must be rebuilt. */
  version: string;
  matcher: Matcher;
}

export const CATEGORY_FILES = ['entry', 'testing', 'isolation', 'community', 'venues', 'health', 'governance'];
const DEFAULT_WINDOW = 30;

export class TaxonomyError extends Error {}

type Json = Record<string, unknown>;

function fail(file: string, where: string, msg: string): never {
  throw new TaxonomyError(`taxonomy ${file}${where ? `, ${where}` : ''}: ${msg}`);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(obj: Json, allowed: string[], file: string, where: string): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(file, where, `unknown field "${k}"`);
}

// A cue is literal Simplified text; "…" is a gap of 0–12 characters between two words. A cue
// never holds a sentence end (the gap and the evidence sentence stop there) or spaces.
function checkCue(s: string, file: string, where: string, field: string): void {
  if (s !== s.trim() || /\s/.test(s)) fail(file, where, `cue ${JSON.stringify(s)} in "${field}" contains spaces`);
  if (/[。！？；!?;\n]/.test(s)) fail(file, where, `cue ${JSON.stringify(s)} in "${field}" contains a sentence end`);
  if (s.includes('...') || s.includes('⋯')) fail(file, where, `cue ${JSON.stringify(s)} in "${field}": write a gap as "…" (U+2026)`);
  if (/^…|…$|……/.test(s)) fail(file, where, `cue ${JSON.stringify(s)} in "${field}": a gap (…) must stand between two words`);
}

function strings(v: unknown, file: string, where: string, field: string, required = false, cues = true): string[] {
  if (v === undefined && !required) return [];
  if (!Array.isArray(v)) fail(file, where, `"${field}" must be a list of strings`);
  const seen = new Set<string>();
  for (const s of v) {
    if (typeof s !== 'string' || !s.trim()) fail(file, where, `"${field}" has an empty or non-string entry ${JSON.stringify(s)}`);
    if (cues) checkCue(s, file, where, field);
    if (seen.has(s)) fail(file, where, `${JSON.stringify(s)} appears twice in "${field}"`);
    seen.add(s);
  }
  if (required && !v.length) fail(file, where, `"${field}" must not be empty`);
  return v as string[];
}

function text(v: unknown, file: string, where: string, field: string, nullable = false): string {
  if (nullable && v === null) return null as unknown as string;
  if (typeof v !== 'string' || !v.trim()) fail(file, where, `"${field}" must be a non-empty string${nullable ? ' or null' : ''}`);
  return v;
}

export interface TaxonomySource {
  /** File name → parsed JSON: category files in category order, then status.json and codebook-ids.json. */
  files: Record<string, unknown>;
}

/**
 * Read the taxonomy files of a directory (default: the bundled one). With `partial`, category
 * files that do not exist are left out (for tests of a taxonomy under construction).
 */
export function readTaxonomyFiles(dir = join(dataDir, 'taxonomy'), opts: { partial?: boolean } = {}): { source: TaxonomySource; hash: string } {
  const files: Record<string, unknown> = {};
  const hash = createHash('sha256');
  for (const name of [...CATEGORY_FILES.map((c) => `${c}.json`), 'status.json', 'codebook-ids.json']) {
    let raw: string;
    try {
      raw = readFileSync(join(dir, name), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (opts.partial && code === 'ENOENT' && name !== 'status.json') continue;
      throw new TaxonomyError(`taxonomy ${name}: cannot read (${(err as Error).message})`);
    }
    hash.update(name).update('\0').update(raw).update('\0');
    try {
      files[name] = JSON.parse(raw);
    } catch (err) {
      throw new TaxonomyError(`taxonomy ${name}: invalid JSON (${(err as Error).message})`);
    }
  }
  return { source: { files }, hash: hash.digest('hex').slice(0, 16) };
}

const MEASURE_FIELDS = ['id', 'zh', 'en', 'definition', 'oxcgrt', 'phsm', 'cues', 'context', 'negatives', 'liftCues', 'examples', 'note'];

function readMeasure(m: unknown, file: string, category: string): Measure {
  if (!isObject(m)) fail(file, '', 'every entry of "measures" must be an object');
  const id = typeof m.id === 'string' ? m.id : '';
  if (!/^[a-z][a-z0-9_]*$/.test(id)) fail(file, '', `measure id ${JSON.stringify(m.id)} must be snake_case`);
  const where = `measure ${id}`;
  onlyKeys(m, MEASURE_FIELDS, file, where);
  if (m.note !== undefined) text(m.note, file, where, 'note');
  if (m.context !== undefined && !Array.isArray(m.context)) fail(file, where, '"context" must be a list of rules');
  const context = ((m.context ?? []) as unknown[]).map((r, i) => {
    const at = `${where}, context rule ${i + 1}`;
    if (!isObject(r)) fail(file, at, 'must be an object');
    onlyKeys(r, ['cues', 'near', 'window', 'unless'], file, at);
    const window = r.window === undefined ? DEFAULT_WINDOW : r.window;
    if (typeof window !== 'number' || !Number.isInteger(window) || window < 1 || window > 200) fail(file, at, '"window" must be a whole number 1–200');
    const rule = {
      cues: strings(r.cues, file, at, 'cues', true),
      near: strings(r.near ?? [], file, at, 'near'),
      window,
      unless: strings(r.unless, file, at, 'unless'),
    };
    if (!rule.near.length && !rule.unless.length) fail(file, at, 'a context rule needs "near" or "unless" (else its cues are plain cues)');
    return rule;
  });
  if (m.examples !== undefined && !isObject(m.examples)) fail(file, where, '"examples" must be an object');
  const ex = (m.examples ?? {}) as Json;
  onlyKeys(ex, ['match', 'nomatch', 'lifted'], file, `${where}, examples`);
  const measure: Measure = {
    id,
    zh: text(m.zh, file, where, 'zh'),
    en: text(m.en, file, where, 'en'),
    category,
    definition: text(m.definition, file, where, 'definition'),
    oxcgrt: text(m.oxcgrt, file, where, 'oxcgrt', true),
    phsm: text(m.phsm, file, where, 'phsm', true),
    cues: strings(m.cues, file, where, 'cues', context.length === 0),
    context,
    negatives: strings(m.negatives, file, where, 'negatives'),
    liftCues: strings(m.liftCues, file, where, 'liftCues'),
    examples: {
      match: strings(ex.match, file, where, 'examples.match', true, false),
      nomatch: strings(ex.nomatch, file, where, 'examples.nomatch', false, false),
      lifted: strings(ex.lifted, file, where, 'examples.lifted', false, false),
    },
    file,
  };
  const own = new Set([...measure.cues, ...context.flatMap((r) => r.cues), ...measure.liftCues]);
  for (const n of measure.negatives) if (own.has(n)) fail(file, where, `negative ${JSON.stringify(n)} is also one of its cues`);
  return measure;
}

/**
 * Validate parsed taxonomy data and compile it; throws TaxonomyError naming file, id and cue.
 * `requireCodebook: false` skips the "every codebook id present" check (a partial taxonomy).
 */
export function buildTaxonomy(source: TaxonomySource, version = 'custom', opts: { requireCodebook?: boolean; lazyMatcher?: boolean } = {}): Taxonomy {
  const requireCodebook = opts.requireCodebook !== false;
  const categories: Category[] = [];
  const measures: Measure[] = [];
  const measureById = new Map<string, Measure>();
  const categoryNames = Object.keys(source.files).filter((f) => f !== 'status.json' && f !== 'codebook-ids.json');
  if (!categoryNames.length) fail('(taxonomy)', '', 'no category file');
  for (const file of categoryNames) {
    const data = source.files[file];
    if (!isObject(data)) fail(file, '', 'must be a JSON object');
    onlyKeys(data, ['category', 'measures', 'about'], file, '');
    const cat = data.category;
    if (!isObject(cat)) fail(file, '', 'missing "category"');
    onlyKeys(cat, ['id', 'zh', 'en'], file, 'category');
    const category = { id: text(cat.id, file, 'category', 'id'), zh: text(cat.zh, file, 'category', 'zh'), en: text(cat.en, file, 'category', 'en') };
    if (/\.json$/.test(file) && file !== `${category.id}.json`) fail(file, 'category', `id ${category.id} does not match the file name`);
    if (categories.some((c) => c.id === category.id)) fail(file, '', `category id ${category.id} is used twice`);
    categories.push(category);
    if (!Array.isArray(data.measures) || !data.measures.length) fail(file, '', '"measures" must be a non-empty list');
    for (const m of data.measures) {
      const measure = readMeasure(m, file, category.id);
      if (measureById.has(measure.id)) fail(file, `measure ${measure.id}`, `duplicate id (also in ${measureById.get(measure.id)!.file})`);
      measures.push(measure);
      measureById.set(measure.id, measure);
    }
  }
  const status = readStatus(source.files['status.json'], measureById, requireCodebook);
  if (requireCodebook) {
    const ids = source.files['codebook-ids.json'];
    if (!isObject(ids)) fail('codebook-ids.json', '', 'missing or not an object');
    for (const id of strings(ids.ids, 'codebook-ids.json', '', 'ids', true, false)) {
      if (!measureById.has(id)) fail('codebook-ids.json', '', `codebook measure ${id} is missing from the taxonomy`);
    }
  }
  if (!opts.lazyMatcher) {
    const tax: Taxonomy = { categories, measures, measureById, status, version, matcher: compileMatcher(measures, status) };
    checkExamples(tax);
    return tax;
  }
  // The matcher (and the examples, which need it) on first use: queries on a store match
  // nothing, and the store was built under this very taxonomy version.
  let matcher: Matcher | undefined;
  const tax = { categories, measures, measureById, status, version } as Taxonomy;
  Object.defineProperty(tax, 'matcher', {
    enumerable: true,
    get() {
      if (!matcher) {
        const m = compileMatcher(measures, status);
        checkExamples({ categories, measures, measureById, status, version, matcher: m });
        matcher = m;
      }
      return matcher;
    },
  });
  return tax;
}

function readStatus(data: unknown, measures: Map<string, Measure>, strict: boolean): StatusRules {
  const file = 'status.json';
  if (!isObject(data)) fail(file, '', 'missing or not an object');
  const s = data;
  onlyKeys(s, ['about', 'liftWords', 'resumeWords', 'between', 'blockers', 'negations', 'conditions', 'finished', 'maxGapBefore', 'modes'], file, '');
  const modes: Record<string, 'general' | 'resume'> = {};
  if (s.modes !== undefined && !isObject(s.modes)) fail(file, 'modes', 'must be an object');
  const m = (s.modes ?? {}) as Json;
  onlyKeys(m, ['general', 'resume'], file, 'modes');
  for (const mode of ['general', 'resume'] as const) {
    for (const id of strings(m[mode], file, 'modes', mode, false, false)) {
      // A partial taxonomy may name measures whose file is not there yet.
      if (!measures.has(id)) {
        if (strict) fail(file, 'modes', `unknown measure ${id}`);
        continue;
      }
      if (modes[id]) fail(file, 'modes', `measure ${id} is in two modes`);
      modes[id] = mode;
    }
  }
  const gap = s.maxGapBefore ?? 12;
  if (typeof gap !== 'number' || !Number.isInteger(gap) || gap < 0 || gap > 40) fail(file, '', '"maxGapBefore" must be a whole number 0–40');
  return {
    liftWords: strings(s.liftWords, file, '', 'liftWords', true),
    resumeWords: strings(s.resumeWords, file, '', 'resumeWords'),
    between: strings(s.between, file, '', 'between'),
    blockers: strings(s.blockers, file, '', 'blockers'),
    negations: strings(s.negations, file, '', 'negations'),
    conditions: strings(s.conditions, file, '', 'conditions'),
    finished: strings(s.finished, file, '', 'finished'),
    maxGapBefore: gap,
    modes,
  };
}

// Every example is a test the taxonomy runs on itself each time it loads.
function checkExamples(tax: Taxonomy): void {
  // An example sentence shared by several measures is matched once.
  const seen = new Map<string, ReturnType<typeof matchWith>>();
  const all = (s: string) => seen.get(s) ?? seen.set(s, matchWith(tax.matcher, 'example', s)).get(s)!;
  for (const m of tax.measures) {
    const run = (s: string) => all(s).filter((x) => x.measureId === m.id);
    for (const s of m.examples.match) if (!run(s).length) fail(m.file, `measure ${m.id}`, `example ${JSON.stringify(s)} should match but does not`);
    for (const s of m.examples.nomatch) {
      const hit = run(s)[0];
      if (hit) fail(m.file, `measure ${m.id}`, `example ${JSON.stringify(s)} should not match but cue ${JSON.stringify(hit.cue)} fires`);
    }
    for (const s of m.examples.lifted) {
      const hits = run(s);
      if (!hits.some((x) => x.status === 'lifted')) fail(m.file, `measure ${m.id}`, `example ${JSON.stringify(s)} should be lifted but ${hits.length ? 'is in force' : 'does not match'}`);
    }
  }
}

/** Read, validate and compile the taxonomy of another directory (tests, tools). */
export function loadTaxonomyFrom(dir: string, opts: { partial?: boolean } = {}): Taxonomy {
  const { source, hash } = readTaxonomyFiles(dir, opts);
  return buildTaxonomy(source, hash, { requireCodebook: !opts.partial });
}

let cached: Taxonomy | undefined;

/** The bundled taxonomy, read and validated once per process. */
export function loadTaxonomy(): Taxonomy {
  if (!cached) {
    const { source, hash } = readTaxonomyFiles();
    cached = buildTaxonomy(source, hash, { lazyMatcher: true });
  }
  return cached;
}
