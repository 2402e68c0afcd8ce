// What every corpus-reading command shares: where the data comes from, filters, and writing out.
import { isAbsolute, relative } from 'node:path';
import { seedsDir } from '../paths.js';
import { partsAssembler, useColor, type Column, type Format, type RenderOptions } from '../render.js';
import { oneLine } from '../sanitize.js';
import { utf8Bytes } from '../utf8.js';
import type { Corpus } from '../corpus.js';
import { factTable, selectGroup, type Group, type View } from '../query.js';
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

/**
 * PATHS or a store, for commands that write their output as it comes: a store is read a file at
 * a time (eachStorePart), PATHS as one corpus (readCorpus). `each` gets the parts in walk order,
 * then `end` runs. Returns the exit code (--strict).
 */
export async function eachView(
  paths: string[],
  opts: Record<string, unknown>,
  need: import('../store.js').Need,
  each: (part: View) => void | Promise<void>,
  end?: () => void | Promise<void>,
): Promise<number> {
  if (opts.store) {
    storeOnly(paths);
    return eachStorePart(opts, need, each, end);
  }
  const { corpus, exitCode } = await readCorpus(paths, opts, need);
  await each(corpus);
  await end?.();
  return exitCode;
}

/**
 * A store read a file at a time (store.ts eachStoreFile), for commands whose output can be
 * written as it comes: memory stays flat however large the store. Told as readCorpus tells a
 * corpus: skipped files first, the units without a place once `each` has had every file and
 * `end` has run. Returns the exit code (--strict).
 */
export async function eachStorePart(
  opts: Record<string, unknown>,
  need: import('../store.js').Need,
  each: (part: View) => void | Promise<void>,
  end?: () => void | Promise<void>,
): Promise<number> {
  const { eachStoreFile } = await import('../store.js');
  const { progressBar } = await import('../pool.js');
  let units = 0;
  let placeless = 0;
  let skipped = 0;
  let bar: import('../pool.js').Progress | undefined;
  try {
    const read = await eachStoreFile(String(opts.store), need, {
      start: async (list, files) => {
        reportSkipped({ skipped: list });
        bar = await progressBar(files, 'reading');
      },
      each: async (part) => {
        units += part.units.length;
        placeless += part.units.reduce((n, u) => n + (u.place ? 0 : 1), 0);
        await each(part);
        bar?.increment();
      },
    });
    skipped = read.skipped.length;
  } finally {
    bar?.stop();
  }
  await end?.();
  placelessNote(placeless, units);
  return opts.strict && skipped ? 1 : 0;
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

/** Output written as it is made, in pieces of some size: fewer, larger writes, each awaited, so
 * a slow reader holds the producer back instead of output piling up here. */
export function chunkedOutput(start = '') {
  let pending: Uint8Array[] = start ? [utf8Bytes(start)] : [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (!pending.length) return;
    const chunk = Buffer.concat(pending);
    pending = [];
    size = 0;
    await write(chunk);
  };
  return {
    /** Text, or text already UTF-8. */
    async add(piece: string | Uint8Array): Promise<void> {
      if (!piece.length) return;
      const bytes = typeof piece === 'string' ? utf8Bytes(piece) : piece;
      pending.push(bytes);
      size += bytes.length;
      if (size > 1 << 17) await flush();
    },
    flush,
  };
}

/** A CSV or JSON listing written as its parts come (partsAssembler, chunkedOutput). */
export function listingWriter(format: 'csv' | 'json', columns: Column[], opts: Record<string, unknown>) {
  const listing = partsAssembler(format, columns, renderOptions(opts));
  const out = chunkedOutput(listing.start());
  return {
    /** A part of `rows` rows, rendered by renderPart (as text or already UTF-8). */
    async add(rendered: string | Uint8Array, rows: number): Promise<void> {
      if (!rows) return;
      await out.add(listing.separator(rows));
      await out.add(rendered);
    },
    async end(): Promise<void> {
      await out.add(listing.end());
      await out.flush();
    },
  };
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
