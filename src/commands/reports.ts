import { applyFilters, reportRows } from '../query.js';
import { renderRows, type Column } from '../render.js';
import { filtersOf, formatOf, readCorpus, renderOptions, UNIT_COLUMNS, write } from './common.js';

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
  const { corpus, exitCode } = await readCorpus(paths, opts, 'facts');
  const view = applyFilters(corpus, filtersOf(opts));
  const format = formatOf(opts);
  // Table stays narrow; CSV and JSON carry the extra columns too.
  const columns = format === 'table' ? COLUMNS : [...COLUMNS, { key: 'heading' }, { key: 'place_evidence' }];
  await write(await renderRows(format, columns, reportRows(view.units), renderOptions(opts)));
  return exitCode;
}
