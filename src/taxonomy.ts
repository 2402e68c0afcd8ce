// The measure taxonomy is data (src/data/taxonomy/*.json, see SCHEMA.md there). Loading it
// validates every field, compiles the matcher, and runs each measure's own examples: a broken
// taxonomy fails loudly, naming the file, the measure and the cue or example.
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
  liftWords: string[];
  resumeWords: string[];
  between: string[];
  blockers: string[];
  negations: string[];
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

function strings(v: unknown, file: string, where: string, field: string, required = false): string[] {
  if (v === undefined && !required) return [];
  if (!Array.isArray(v)) fail(file, where, `"${field}" must be a list of strings`);
  for (const s of v) {
    if (typeof s !== 'string' || !s.trim()) fail(file, where, `"${field}" has an empty or non-string entry ${JSON.stringify(s)}`);
    if (s !== s.trim()) fail(file, where, `cue ${JSON.stringify(s)} in "${field}" has surrounding spaces`);
    if (/^…|…$|……/.test(s)) fail(file, where, `cue ${JSON.stringify(s)} in "${field}": a gap (…) must stand between two words`);
  }
  if (required && !v.length) fail(file, where, `"${field}" must not be empty`);
  return v as string[];
}

function text(v: unknown, file: string, where: string, field: string, nullable = false): string {
  if (nullable && v === null) return null as unknown as string;
  if (typeof v !== 'string' || !v.trim()) fail(file, where, `"${field}" must be a non-empty string`);
  return v;
}

export interface TaxonomySource {
  /** File name → parsed JSON, in category order, plus status.json and codebook-ids.json. */
  files: Record<string, unknown>;
}

export function readTaxonomyFiles(dir = join(dataDir, 'taxonomy')): { source: TaxonomySource; hash: string } {
  const files: Record<string, unknown> = {};
  const hash = createHash('sha256');
  for (const name of [...CATEGORY_FILES.map((c) => `${c}.json`), 'status.json', 'codebook-ids.json']) {
    let raw: string;
    try {
      raw = readFileSync(join(dir, name), 'utf8');
    } catch (err) {
      throw new TaxonomyError(`taxonomy ${name}: cannot read (${(err as Error).message})`);
    }
    hash.update(name).update(raw);
    try {
      files[name] = JSON.parse(raw);
    } catch (err) {
      throw new TaxonomyError(`taxonomy ${name}: invalid JSON (${(err as Error).message})`);
    }
  }
  return { source: { files }, hash: hash.digest('hex').slice(0, 16) };
}

/** Validate parsed taxonomy data and compile it; throws TaxonomyError naming file, id and cue. */
export function buildTaxonomy(source: TaxonomySource, version = 'custom', opts: { requireCodebook?: boolean } = {}): Taxonomy {
  const categories: Category[] = [];
  const measures: Measure[] = [];
  const measureById = new Map<string, Measure>();
  const categoryNames = Object.keys(source.files).filter((f) => f !== 'status.json' && f !== 'codebook-ids.json');
  for (const file of categoryNames) {
    const data = source.files[file] as Json;
    if (!data || typeof data !== 'object') fail(file, '', 'must be a JSON object');
    const cat = data.category as Json;
    if (!cat || typeof cat !== 'object') fail(file, '', 'missing "category"');
    const category = { id: text(cat.id, file, 'category', 'id'), zh: text(cat.zh, file, 'category', 'zh'), en: text(cat.en, file, 'category', 'en') };
    if (categories.some((c) => c.id === category.id)) fail(file, '', `category id ${category.id} is used twice`);
    categories.push(category);
    if (!Array.isArray(data.measures) || !data.measures.length) fail(file, '', '"measures" must be a non-empty list');
    for (const m of data.measures as Json[]) {
      const id = typeof m?.id === 'string' ? m.id : '';
      if (!/^[a-z][a-z0-9_]*$/.test(id)) fail(file, '', `measure id ${JSON.stringify(m?.id)} must be snake_case`);
      const where = `measure ${id}`;
      if (measureById.has(id)) fail(file, where, `duplicate id (also in ${measureById.get(id)!.file})`);
      const known = new Set(['id', 'zh', 'en', 'definition', 'oxcgrt', 'phsm', 'cues', 'context', 'negatives', 'liftCues', 'examples']);
      for (const k of Object.keys(m)) if (!known.has(k)) fail(file, where, `unknown field "${k}"`);
      const context = ((m.context ?? []) as Json[]).map((r, i) => {
        if (!r || typeof r !== 'object') fail(file, where, `context rule ${i + 1} must be an object`);
        const window = r.window === undefined ? DEFAULT_WINDOW : r.window;
        if (typeof window !== 'number' || window < 1 || window > 200) fail(file, where, `context rule ${i + 1}: "window" must be 1–200`);
        return {
          cues: strings(r.cues, file, `${where}, context rule ${i + 1}`, 'cues', true),
          near: strings(r.near ?? [], file, `${where}, context rule ${i + 1}`, 'near'),
          window,
          unless: strings(r.unless, file, `${where}, context rule ${i + 1}`, 'unless'),
        };
      });
      const ex = (m.examples ?? {}) as Json;
      const measure: Measure = {
        id,
        zh: text(m.zh, file, where, 'zh'),
        en: text(m.en, file, where, 'en'),
        category: category.id,
        definition: text(m.definition, file, where, 'definition'),
        oxcgrt: text(m.oxcgrt, file, where, 'oxcgrt', true),
        phsm: text(m.phsm, file, where, 'phsm', true),
        cues: strings(m.cues, file, where, 'cues', context.length === 0),
        context,
        negatives: strings(m.negatives, file, where, 'negatives'),
        liftCues: strings(m.liftCues, file, where, 'liftCues'),
        examples: {
          match: strings(ex.match, file, where, 'examples.match', true),
          nomatch: strings(ex.nomatch, file, where, 'examples.nomatch'),
          lifted: strings(ex.lifted, file, where, 'examples.lifted'),
        },
        file,
      };
      measures.push(measure);
      measureById.set(id, measure);
    }
  }
  const status = readStatus(source.files['status.json'], measureById);
  if (opts.requireCodebook !== false) {
    const ids = (source.files['codebook-ids.json'] as Json)?.ids;
    for (const id of strings(ids, 'codebook-ids.json', '', 'ids', true)) {
      if (!measureById.has(id)) fail('codebook-ids.json', '', `codebook measure ${id} is missing from the taxonomy`);
    }
  }
  const matcher = compileMatcher(measures, status);
  const tax: Taxonomy = { categories, measures, measureById, status, version, matcher };
  checkExamples(tax);
  return tax;
}

function readStatus(data: unknown, measures: Map<string, Measure>): StatusRules {
  const file = 'status.json';
  const s = (data ?? {}) as Json;
  const modes: Record<string, 'general' | 'resume'> = {};
  const m = (s.modes ?? {}) as Record<string, unknown>;
  for (const mode of ['general', 'resume'] as const) {
    for (const id of strings(m[mode], file, 'modes', mode)) {
      if (!measures.has(id)) fail(file, 'modes', `unknown measure ${id}`);
      modes[id] = mode;
    }
  }
  const gap = s.maxGapBefore ?? 12;
  if (typeof gap !== 'number' || gap < 0 || gap > 40) fail(file, '', '"maxGapBefore" must be 0–40');
  return {
    liftWords: strings(s.liftWords, file, '', 'liftWords', true),
    resumeWords: strings(s.resumeWords, file, '', 'resumeWords'),
    between: strings(s.between, file, '', 'between'),
    blockers: strings(s.blockers, file, '', 'blockers'),
    negations: strings(s.negations, file, '', 'negations'),
    maxGapBefore: gap,
    modes,
  };
}

// Every example is a test the taxonomy runs on itself each time it loads.
function checkExamples(tax: Taxonomy): void {
  for (const m of tax.measures) {
    const run = (s: string) => matchWith(tax.matcher, 'example', s).filter((x) => x.measureId === m.id);
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

let cached: Taxonomy | undefined;

export function loadTaxonomy(): Taxonomy {
  if (!cached) {
    const { source, hash } = readTaxonomyFiles();
    cached = buildTaxonomy(source, hash);
  }
  return cached;
}
