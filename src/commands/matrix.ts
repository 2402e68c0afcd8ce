import { filterTable, matrix, type GroupBy, type Matrix, type MatrixCell } from '../query.js';
import { renderCsv, renderJson, renderTable, type Column, type Row } from '../render.js';
import { filtersOf, formatOf, readFacts, renderOptions, write } from './common.js';

export async function run(paths: string[], opts: Record<string, unknown>): Promise<number> {
  const { table, exitCode } = await readFacts(paths, opts);
  const view = filterTable(table, filtersOf(opts));
  const format = formatOf(opts);
  // A terminal table with hundreds of columns helps nobody: it shows the largest groups.
  const m = matrix(view, (opts.by as GroupBy) ?? 'jurisdiction', { top: format === 'table' ? MAX_TABLE_GROUPS : undefined, dropEmpty: !opts.all });
  const cats = filtersOf(opts).categories;
  m.rows = m.rows.filter((r) => !cats?.length || cats.includes(r.category));
  if (format === 'json') {
    const { totalGroups: _, ...rest } = m;
    await write(renderJson(rest));
  } else if (format === 'csv') await write(renderCsv(LONG, longRows(m), renderOptions(opts)));
  else {
    if (m.totalGroups > m.groups.length) {
      process.stderr.write(`fangkong: showing the ${m.groups.length} largest of ${m.totalGroups} groups; use --format csv or json for all, or narrow with filters\n`);
    }
    await write(await tableText(m, renderOptions(opts).color));
  }
  return exitCode;
}

const MAX_TABLE_GROUPS = 40;

const LONG: Column[] = ['group', 'measure_id', 'category', 'units_with_measure', 'units_in_group', 'share', 'lifted_units'].map((key) => ({ key }));

// Tidy long format: one row per group × measure, which spreadsheets and R/pandas pivot at will.
function longRows(m: Matrix): Row[] {
  return m.rows.flatMap((r) =>
    m.groups.map((g) => {
      const c = r.cells[g.key];
      return { group: g.key, measure_id: r.measure_id, category: r.category, units_with_measure: c.units, units_in_group: g.units, share: Number(c.share.toFixed(3)), lifted_units: c.lifted };
    }),
  );
}

function cellText(c: MatrixCell, groupUnits: number): string {
  if (!c.units) return '·';
  const mark = c.lifted === 0 ? '●' : c.lifted === c.units ? '○' : '◐';
  return groupUnits === 1 ? mark : `${c.units}/${groupUnits}${c.lifted ? ' ' + mark : ''}`;
}

async function tableText(m: Matrix, color: boolean): Promise<string> {
  if (!m.groups.length) return 'no report units match\n';
  const columns: Column[] = [
    { key: 'category', maxWidth: 10 },
    { key: 'measure', maxWidth: 24 },
    ...m.groups.map((g) => ({ key: `g:${g.key}`, header: g.key, maxWidth: 12, align: 'center' as const })),
  ];
  let last = '';
  const rows: Row[] = m.rows.map((r) => {
    const row: Row = { category: r.category === last ? '' : r.category, measure: `${r.zh} ${r.measure_id}` };
    last = r.category;
    for (const g of m.groups) row[`g:${g.key}`] = cellText(r.cells[g.key], g.units);
    return row;
  });
  const shares = new Map(m.rows.map((r, i) => [rows[i], r]));
  const { default: chalk } = await import('chalk');
  const table = await renderTable(columns, rows, { color }, {
    head: (t) => chalk.bold(t),
    paint: (key, row, text) => {
      if (!key.startsWith('g:')) return text;
      const cell = shares.get(row)!.cells[key.slice(2)];
      return heat(chalk, cell, text);
    },
  });
  const legend = '● in force  ○ lifted  ◐ both  k/n: units of the group with the measure  · none\n';
  return table + legend + `${m.groups.reduce((s, g) => s + g.units, 0)} units in ${m.groups.length} groups by ${m.by}\n`;
}

type Chalk = typeof import('chalk').default;

// A heat map by share of units; lifted-only cells in their own hue so they stand apart.
function heat(chalk: Chalk, c: MatrixCell, text: string): string {
  if (!c.units) return chalk.dim(text);
  if (c.lifted === c.units) return chalk.bgMagenta.white(text);
  if (c.share >= 0.67) return chalk.bgGreen.black(text);
  if (c.share >= 0.34) return chalk.bgGreenBright.black(text);
  return chalk.bgYellow.black(text);
}
