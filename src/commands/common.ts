// What every corpus-reading command shares: where the data comes from, filters, and writing out.
import { isAbsolute, relative } from 'node:path';
import { seedsDir } from '../paths.js';
import { useColor, type Format, type RenderOptions } from '../render.js';
import { oneLine } from '../sanitize.js';
import type { Corpus } from '../corpus.js';
import { factTable, selectGroup, type Group } from '../query.js';
import type { FactTable, FactUnit, Unit } from '../types.js';
import { UsageError } from './run.js';

export interface CorpusRead {
  corpus: Corpus;
  /** Exit code the command should end with when everything else succeeds (--strict). */
  exitCode: number;
}

/**
 * `need` says how much of each report the command reads (see store.ts loadStore): `facts` for
 * matrix, timeline and reports; `evidence` for compare and export --level unit; `full` for
 * search and export --level mention.
 */
export async function readCorpus(paths: string[], opts: Record<string, unknown>, need: import('../store.js').Need = 'full'): Promise<CorpusRead> {
  let corpus: Corpus;
  if (opts.store) {
    storeOnly(paths);
    const { loadStore } = await import('../store.js');
    corpus = await loadStore(String(opts.store), need);
  } else {
    const { loadPathsParallel } = await import('../pool.js');
    corpus = await loadPathsParallel(usePaths(paths), parseSize(String(opts.maxSize ?? '20MB')), { need, jobs: await jobsOf(opts.jobs) });
  }
  return { corpus, exitCode: accountFor(corpus, opts) };
}

/** readCorpus for counting queries: units and their facts as a table (see store.ts loadStoreFacts). */
export async function readFacts(paths: string[], opts: Record<string, unknown>): Promise<{ table: FactTable; exitCode: number }> {
  if (!opts.store) {
    const { corpus, exitCode } = await readCorpus(paths, opts, 'facts');
    return { table: factTable(corpus), exitCode };
  }
  storeOnly(paths);
  const { loadStoreFacts } = await import('../store.js');
  const table = await loadStoreFacts(String(opts.store));
  return { table, exitCode: accountFor(table, opts) };
}

/** --store reads the store only: PATHS beside it are a usage error. */
export function storeOnly(paths: string[]): void {
  if (paths.length) throw new UsageError('give either PATHS or --store, not both');
}

/** Skipped files and units without a place, told on stderr; the exit code --strict asks for. */
function accountFor(read: { units: FactUnit[]; skipped: Corpus['skipped'] }, opts: Record<string, unknown>): number {
  reportSkipped(read);
  placelessNote(read.units.filter((u) => !u.place).length, read.units.length);
  return opts.strict && read.skipped.length ? 1 : 0;
}

export function placelessNote(placeless: number, units: number): void {
  if (placeless) process.stderr.write(`fangkong: ${placeless} of ${units} units have no jurisdiction found (jurisdiction column empty)\n`);
}

/** The paths given, or the bundled seeds. */
export function usePaths(paths: string[]): string[] {
  return paths.length ? paths : [defaultCorpus()];
}

/** The bundled seeds, named relative to the working directory when they are below it. */
function defaultCorpus(): string {
  const rel = relative(process.cwd(), seedsDir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : seedsDir;
}

export function reportSkipped(corpus: Pick<Corpus, 'skipped'>): void {
  for (const s of corpus.skipped) process.stderr.write(`fangkong: skipped ${oneLine(s.file)}: ${s.reason}\n`);
}

export function renderOptions(opts: Record<string, unknown>): RenderOptions {
  return { color: useColor(process.stdout), bom: Boolean(opts.bom) };
}

export function formatOf(opts: Record<string, unknown>): Format {
  return (opts.format as Format) ?? 'table';
}

export function write(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/** Split a comma list option (`--year 2020,2021`, also Chinese commas). */
export function listOption(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  return String(v)
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function jobsOf(v: unknown): Promise<number> {
  const { defaultJobs } = await import('../pool.js');
  if (v === undefined || v === null || v === '') return defaultJobs();
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs takes a positive whole number, not ${JSON.stringify(String(v))}`);
  return n;
}

export function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(v.trim());
  if (!m) throw new UsageError(`--max-size takes a size like 20MB or 500k, not ${JSON.stringify(v)}`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * mult);
}

export function filtersOf(opts: Record<string, unknown>): import('../query.js').Filters {
  const years = listOption(opts.year).map((y) => {
    if (!/^\d{4}$/.test(y)) throw new UsageError(`--year takes years like 2020 or 2020,2021, not ${JSON.stringify(y)}`);
    return Number(y);
  });
  const status = opts.status as string | undefined;
  if (status && status !== 'in_force' && status !== 'lifted') throw new UsageError(`--status is in_force or lifted, not ${JSON.stringify(status)}`);
  return {
    years,
    provinces: listOption(opts.province),
    prefectures: listOption(opts.prefecture),
    jurisdictions: listOption(opts.jurisdiction),
    categories: listOption(opts.category),
    status: status as import('../types.js').Status | undefined,
  };
}

export { UNIT_COLUMNS } from '../sheet.js';

/** A selector resolved to its group, or a usage error that suggests names. */
export function groupOf(selector: string, units: Unit[]): Group {
  const g = selectGroup(selector, units);
  if ('error' in g) throw new UsageError(g.error);
  return g;
}
