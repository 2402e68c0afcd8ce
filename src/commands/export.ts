import { applyFilters, exportMentionRows, exportUnitRows } from '../query.js';
import { csvChunks, renderRows, type Column } from '../render.js';
import { filtersOf, formatOf, readCorpus, renderOptions, UNIT_COLUMNS, write } from './common.js';

const META: Column[] = [
  ...UNIT_COLUMNS,
  { key: 'year' },
  { key: 'measure_id' },
  { key: 'category' },
  { key: 'status' },
];

export async function run(paths: string[], opts: Record<string, unknown>): Promise<number> {
  const { corpus, exitCode } = await readCorpus(paths, opts, opts.level === 'mention' ? 'full' : 'evidence');
  const view = applyFilters(corpus, filtersOf(opts));
  const evidence: Column = { key: 'evidence', maxWidth: 60 };
  const unitId: Column = { key: 'unit_id', maxWidth: 28 };
  const mentionLevel = opts.level === 'mention';
  const columns = mentionLevel
    ? [...META, { key: 'cue' }, { key: 'matched' }, { key: 'start', align: 'right' as const }, { key: 'end', align: 'right' as const }, evidence, unitId]
    : [...META, { key: 'mentions', align: 'right' as const }, evidence, unitId];
  const rows = mentionLevel ? exportMentionRows(view) : exportUnitRows(view);
  if (formatOf(opts) === 'csv') {
    for (const chunk of csvChunks(columns, rows, renderOptions(opts))) await write(chunk);
  } else await write(await renderRows(formatOf(opts), columns, rows, renderOptions(opts)));
  return exitCode;
}
