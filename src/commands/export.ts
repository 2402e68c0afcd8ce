import { renderSheetPart, sheetColumns, sheetRows, type SheetSpec } from '../sheet.js';
import { utf8Bytes } from '../utf8.js';
import { applyFilters } from '../query.js';
import { renderRows } from '../render.js';
import { eachStorePart, filtersOf, formatOf, jobsOf, listingWriter, parseSize, placelessNote, readCorpus, renderOptions, reportSkipped, storeOnly, usePaths, write } from './common.js';

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

async function streamStore(paths: string[], opts: Record<string, unknown>, spec: SheetSpec): Promise<number> {
  storeOnly(paths);
  const out = listingWriter(spec.format, sheetColumns(spec.level), opts);
  return eachStorePart(
    opts,
    spec.level === 'mention' ? 'full' : 'evidence',
    async (part) => {
      const { text, rows } = renderSheetPart(part, spec);
      await out.add(utf8Bytes(text), rows);
    },
    () => out.end(),
  );
}

async function streamPaths(paths: string[], opts: Record<string, unknown>, spec: SheetSpec): Promise<number> {
  const { walk } = await import('../ingest.js');
  const { progressBar, streamer } = await import('../pool.js');
  const pool = streamer({ mode: 'sheet', sheet: spec }, { jobs: await jobsOf(opts.jobs) }, paths);
  const { files, skipped } = walk(paths, parseSize(String(opts.maxSize ?? '20MB')));
  reportSkipped({ skipped });
  const out = listingWriter(spec.format, sheetColumns(spec.level), opts);
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
