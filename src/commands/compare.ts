import { applyFilters, compare, profileLines, type Group } from '../query.js';
import { renderCsv, renderJson, renderTable, type Column, type Row } from '../render.js';
import { filtersOf, formatOf, groupOf, readCorpus, renderOptions, write } from './common.js';

export async function run(args: string[], opts: Record<string, unknown>): Promise<number> {
  const [selA, selB, ...paths] = args;
  const { corpus, exitCode } = await readCorpus(paths, opts, 'evidence');
  const view = applyFilters(corpus, filtersOf(opts));
  const a = groupOf(selA, view.units);
  const b = groupOf(selB, view.units);
  const rows = compare(a, b, view);
  const format = formatOf(opts);
  const label = (g: Group) => `${g.label} (${g.kind}, ${g.units.length} unit${g.units.length === 1 ? '' : 's'})`;

  if (opts.diff) {
    const { createTwoFilesPatch } = await import('diff');
    const patch = createTwoFilesPatch(a.label, b.label, profileLines(rows, 'a'), profileLines(rows, 'b'), label(a), label(b), { context: 1000 });
    if (format === 'json') await write(renderJson({ a: summary(a), b: summary(b), diff: patch }));
    else if (format === 'csv') await write(renderCsv([{ key: 'line' }], patch.trimEnd().split('\n').map((line) => ({ line })), renderOptions(opts)));
    else await write(await colourDiff(patch, renderOptions(opts).color));
    return exitCode;
  }
  if (format === 'json') {
    await write(renderJson({ a: summary(a), b: summary(b), measures: rows }));
    return exitCode;
  }
  const evidence = Boolean(opts.evidence) || format === 'csv';
  const columns: Column[] = [
    { key: 'side', header: 'where' },
    { key: 'measure', maxWidth: 30 },
    { key: 'a', header: a.label, maxWidth: 14 },
    { key: 'b', header: b.label, maxWidth: 14 },
    ...(evidence ? [{ key: 'a_evidence', header: `${a.label} evidence`, maxWidth: 44 }, { key: 'b_evidence', header: `${b.label} evidence`, maxWidth: 44 }] : []),
  ];
  const sideText = { both: 'both', only_a: `only ${a.label}`, only_b: `only ${b.label}` };
  if (format === 'csv') {
    await write(renderCsv(['measure_id', 'category', 'side', 'a_status', 'b_status', 'a_units', 'b_units', 'a_evidence', 'b_evidence'].map((key) => ({ key })), rows as unknown as Row[], renderOptions(opts)));
    return exitCode;
  }
  const cell = (status: string, n: number, total: number) => (status ? `${status}${total > 1 ? ` ${n}/${total}` : ''}` : '');
  let last = '';
  const tableRows: Row[] = rows.map((r) => {
    const side = r.side === last ? '' : sideText[r.side];
    last = r.side;
    return {
      side,
      measure: `${r.zh} ${r.measure_id}`,
      a: cell(r.a_status, r.a_units, a.units.length),
      b: cell(r.b_status, r.b_units, b.units.length),
      a_evidence: r.a_evidence,
      b_evidence: r.b_evidence,
    };
  });
  const head = `A = ${label(a)}\nB = ${label(b)}\n`;
  await write(head + (rows.length ? await renderTable(columns, tableRows, renderOptions(opts)) : 'neither group has any measure\n'));
  return exitCode;
}

function summary(g: Group) {
  return { selector: g.key, kind: g.kind, units: g.units.map((u) => u.id) };
}

async function colourDiff(patch: string, color: boolean): Promise<string> {
  if (!color) return patch;
  const { default: chalk } = await import('chalk');
  return patch
    .split('\n')
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? chalk.green(l) : l.startsWith('-') && !l.startsWith('---') ? chalk.red(l) : l.startsWith('@@') ? chalk.cyan(l) : l))
    .join('\n');
}
