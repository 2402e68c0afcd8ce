import { renderSheetRows, sheetAssembler, sheetColumns, sheetRows, type SheetSpec } from '../sheet.js';
import { applyFilters } from '../query.js';
import { renderRows } from '../render.js';
import { filtersOf, formatOf, jobsOf, parseSize, placelessNote, readCorpus, renderOptions, reportSkipped, usePaths, write } from './common.js';

export async function run(paths: string[], opts: Record<string, unknown>): Promise<number> {
  const level = opts.level === 'mention' ? 'mention' : 'unit';
  const format = formatOf(opts);
  const filters = filtersOf(opts);
  // CSV and JSON from PATHS stream: the workers render each file's rows and this thread only
  // writes them out in order, so memory stays flat on any corpus.
  if (format !== 'table' && !opts.store) return streamPaths(usePaths(paths), opts, { level, format, filters });
  const { corpus, exitCode } = await readCorpus(paths, opts, level === 'mention' ? 'full' : 'evidence');
  const view = applyFilters(corpus, filters);
  const columns = sheetColumns(level);
  const rows = sheetRows(view, level);
  if (format === 'table') await write(await renderRows(format, columns, rows, renderOptions(opts)));
  else {
    // Assembled as the stream is, in parts of a few thousand rows.
    const sheet = sheetAssembler({ level, format, filters }, renderOptions(opts));
    await write(sheet.start());
    for (let i = 0; i < rows.length; i += 2000) await write(sheet.part(renderSheetRows(rows.slice(i, i + 2000), { level, format })));
    await write(sheet.end());
  }
  return exitCode;
}

async function streamPaths(paths: string[], opts: Record<string, unknown>, spec: SheetSpec): Promise<number> {
  const { walk } = await import('../ingest.js');
  const { progressBar, streamer } = await import('../pool.js');
  const pool = streamer({ mode: 'sheet', sheet: spec }, { jobs: await jobsOf(opts.jobs) }, paths);
  const { files, skipped } = walk(paths, parseSize(String(opts.maxSize ?? '20MB')));
  reportSkipped({ skipped });
  const sheet = sheetAssembler(spec, renderOptions(opts));
  let units = 0;
  let placeless = 0;
  let failed = skipped.length;
  // Written in pieces of some size: fewer, larger writes; awaited, so a slow reader holds the
  // workers back instead of output piling up here.
  let pending: Uint8Array[] = [Buffer.from(sheet.start())];
  let size = 0;
  const flush = async () => {
    const chunk = Buffer.concat(pending);
    pending = [];
    size = 0;
    await write(chunk);
  };
  const bar = await progressBar(files.length, 'reading');
  try {
    await pool.stream<import('../extract.js').Rendered>(files, async (r) => {
      if ('skip' in r) {
        failed++;
        return reportSkipped({ skipped: [{ file: r.file, reason: r.skip }] });
      }
      units += r.units;
      placeless += r.placeless;
      if (!r.rows) return;
      const sep = sheet.separator(r.rows);
      if (sep) pending.push(Buffer.from(sep));
      pending.push(r.bytes);
      size += r.bytes.length;
      if (size > 1 << 17) await flush();
    }, bar);
  } finally {
    bar?.stop();
  }
  pending.push(Buffer.from(sheet.end()));
  await flush();
  placelessNote(placeless, units);
  return opts.strict && failed ? 1 : 0;
}
