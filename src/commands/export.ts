import { renderSheetPart, sheetAssembler, sheetColumns, sheetRows, type SheetSpec } from '../sheet.js';
import { utf8Bytes } from '../utf8.js';
import type { Progress } from '../pool.js';
import { applyFilters } from '../query.js';
import { renderRows } from '../render.js';
import { filtersOf, formatOf, jobsOf, parseSize, placelessNote, readCorpus, renderOptions, reportSkipped, storeOnly, usePaths, write } from './common.js';

export async function run(paths: string[], opts: Record<string, unknown>): Promise<number> {
  const level = opts.level === 'mention' ? 'mention' : 'unit';
  const format = formatOf(opts);
  const filters = filtersOf(opts);
  // CSV and JSON stream, a file at a time: from PATHS, the workers render each file's rows and
  // this thread only writes them out in order; from a store, each file is read, rendered and
  // written before the next. Memory stays flat on any corpus.
  if (format !== 'table') {
    const spec: SheetSpec = { level, format, filters };
    return opts.store ? streamStore(paths, opts, spec) : streamPaths(usePaths(paths), opts, spec);
  }
  const { corpus, exitCode } = await readCorpus(paths, opts, level === 'mention' ? 'full' : 'evidence');
  const rows = sheetRows(applyFilters(corpus, filters), level);
  await write(await renderRows(format, sheetColumns(level), rows, renderOptions(opts)));
  return exitCode;
}

/** The sheet written out as its parts come, in pieces of some size: fewer, larger writes, each
 * awaited, so a slow reader holds the producer back instead of output piling up here. */
function sheetWriter(spec: SheetSpec, opts: Record<string, unknown>) {
  const sheet = sheetAssembler(spec, renderOptions(opts));
  let pending: Uint8Array[] = [Buffer.from(sheet.start())];
  let size = 0;
  const flush = async () => {
    const chunk = Buffer.concat(pending);
    pending = [];
    size = 0;
    await write(chunk);
  };
  return {
    /** A part of `rows` rows, already UTF-8. */
    async add(bytes: Uint8Array, rows: number): Promise<void> {
      if (!rows) return;
      const sep = sheet.separator(rows);
      if (sep) pending.push(Buffer.from(sep));
      pending.push(bytes);
      size += bytes.length;
      if (size > 1 << 17) await flush();
    },
    async end(): Promise<void> {
      pending.push(Buffer.from(sheet.end()));
      await flush();
    },
  };
}

async function streamStore(paths: string[], opts: Record<string, unknown>, spec: SheetSpec): Promise<number> {
  storeOnly(paths);
  const { eachStoreFile } = await import('../store.js');
  const { progressBar } = await import('../pool.js');
  const out = sheetWriter(spec, opts);
  let units = 0;
  let placeless = 0;
  let bar: Progress | undefined;
  let skipped = 0;
  try {
    const read = await eachStoreFile(String(opts.store), spec.level === 'mention' ? 'full' : 'evidence', {
      start: async (skipped, files) => {
        reportSkipped({ skipped });
        bar = await progressBar(files, 'reading');
      },
      each: async (part) => {
        units += part.units.length;
        placeless += part.units.reduce((n, u) => n + (u.place ? 0 : 1), 0);
        const { text, rows } = renderSheetPart(part, spec);
        await out.add(utf8Bytes(text), rows);
        bar?.increment();
      },
    });
    skipped = read.skipped.length;
  } finally {
    bar?.stop();
  }
  await out.end();
  placelessNote(placeless, units);
  return opts.strict && skipped ? 1 : 0;
}

async function streamPaths(paths: string[], opts: Record<string, unknown>, spec: SheetSpec): Promise<number> {
  const { walk } = await import('../ingest.js');
  const { progressBar, streamer } = await import('../pool.js');
  const pool = streamer({ mode: 'sheet', sheet: spec }, { jobs: await jobsOf(opts.jobs) }, paths);
  const { files, skipped } = walk(paths, parseSize(String(opts.maxSize ?? '20MB')));
  reportSkipped({ skipped });
  const out = sheetWriter(spec, opts);
  let units = 0;
  let placeless = 0;
  let failed = skipped.length;
  const bar = await progressBar(files.length, 'reading');
  try {
    await pool.stream<import('../extract.js').Rendered>(
      files,
      async (r) => {
        if ('skip' in r) {
          failed++;
          return reportSkipped({ skipped: [{ file: r.file, reason: r.skip }] });
        }
        units += r.units;
        placeless += r.placeless;
        await out.add(r.bytes, r.rows);
      },
      bar,
    );
  } finally {
    bar?.stop();
  }
  await out.end();
  placelessNote(placeless, units);
  return opts.strict && failed ? 1 : 0;
}
