import { applyFilters, reportRows, type View } from '../query.js';
import { renderPart, renderRows, type Column, type Row } from '../render.js';
import { eachView, filtersOf, formatOf, listingWriter, renderOptions, UNIT_COLUMNS, write } from './common.js';

const COLUMNS: Column[] = [
  { key: 'unit_id', maxWidth: 28 },
  ...UNIT_COLUMNS,
  { key: 'published_date' },
  { key: 'year' },
  { key: 'year_source', maxWidth: 18 },
  { key: 'script' },
  { key: 'chars', align: 'right' },
];

export async function run(paths: string[], opts: Record<string, unknown>): Promise<number> {
  const filters = filtersOf(opts);
  const format = formatOf(opts);
  // Table stays narrow; CSV and JSON carry the extra columns too.
  const columns = format === 'table' ? COLUMNS : [...COLUMNS, { key: 'heading' }, { key: 'place_evidence' }];
  const rowsOf = (part: View) => reportRows(applyFilters(part, filters).units);
  if (format === 'table') {
    const rows: Row[] = [];
    const exitCode = await eachView(paths, opts, 'facts', (part) => void rows.push(...rowsOf(part)));
    await write(await renderRows(format, columns, rows, renderOptions(opts)));
    return exitCode;
  }
  // CSV and JSON are written as they come: from a store, a file at a time in flat memory.
  const out = listingWriter(format, columns, opts);
  return eachView(
    paths,
    opts,
    'facts',
    async (part) => {
      const rows = rowsOf(part);
      await out.add(renderPart(format, columns, rows), rows.length);
    },
    () => out.end(),
  );
}
