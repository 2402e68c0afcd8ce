import { applyFilters, timeline } from '../query.js';
import { renderJson, renderRows, type Column } from '../render.js';
import { filtersOf, formatOf, groupOf, readCorpus, renderOptions, write } from './common.js';
import { UsageError } from './run.js';

const COLUMNS: Column[] = [
  { key: 'date' },
  { key: 'jurisdiction', maxWidth: 16 },
  { key: 'measures', header: 'in force', maxWidth: 70 },
  { key: 'lifted', maxWidth: 30 },
  { key: 'unit_id', maxWidth: 28 },
];

export async function run(args: string[], opts: Record<string, unknown>): Promise<number> {
  const [selector, ...paths] = args;
  const { corpus, exitCode } = await readCorpus(paths, opts, 'facts');
  const view = applyFilters(corpus, filtersOf(opts));
  const g = groupOf(selector, view.units);
  if (g.kind !== 'jurisdiction') throw new UsageError(`timeline takes a jurisdiction; ${selector} is a ${g.kind}`);
  const entries = timeline(g, view);
  const format = formatOf(opts);
  if (format === 'json') {
    await write(renderJson({ jurisdiction: g.key, units: entries }));
    return exitCode;
  }
  const rows = entries.map((e) => ({ ...e, measures: e.measures.join(format === 'csv' ? ';' : ', '), lifted: e.lifted.join(format === 'csv' ? ';' : ', ') }));
  const columns = format === 'csv' ? [...COLUMNS, { key: 'file' }] : COLUMNS;
  await write(await renderRows(format, columns, rows, renderOptions(opts)));
  return exitCode;
}
