import { applyFilters, selectorCandidates, timeline, type View } from '../query.js';
import type { Place, Unit } from '../types.js';
import { renderJson, renderRows, type Column } from '../render.js';
import { eachView, filtersOf, formatOf, groupOf, renderOptions, write } from './common.js';
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
  const filters = filtersOf(opts);
  // Only the units the selector could pick are kept (a store is read a file at a time), and one
  // unit per place, for the names a selector that matches nothing is told it may have meant.
  const may = selectorCandidates(selector);
  const view: View = { units: [], mentions: [] };
  const byPlace = new Map<Place, Unit>();
  const exitCode = await eachView(paths, opts, 'facts', (part) => {
    const seen = applyFilters(part, filters);
    for (const u of seen.units) if (u.place && !byPlace.has(u.place)) byPlace.set(u.place, u);
    const keep = seen.units.filter(may);
    if (!keep.length) return;
    const ids = new Set(keep.map((u) => u.id));
    view.units.push(...keep);
    view.mentions.push(...seen.mentions.filter((m) => ids.has(m.unitId)));
  });
  const g = groupOf(selector, view.units.length ? view.units : [...byPlace.values()]);
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
