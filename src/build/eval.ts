// `npm run eval`: a development aid. Runs the same extraction as `reports` + `export` over the
// bundled seeds and prints precision, recall and F1 per measure and overall against the
// hand-coded gold in ../shared/gold/seeds.tsv. The program never reads the gold to decide
// anything; only this report does.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPaths } from '../corpus.js';
import { exportUnitRows, reportRows } from '../query.js';
import { seedsDir } from '../paths.js';
import { renderTable } from '../render.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const goldPath = process.argv[2] ?? join(root, '..', 'shared', 'gold', 'seeds.tsv');
const paths = process.argv.slice(3);

interface Gold {
  file: string;
  names: string[];
  prefecture: string;
  province: string;
  date: string;
  year: string;
  present: Set<string>;
  lifted: Set<string>;
  optional: Set<string>;
}

const ids = (cell: string | undefined) => new Set((cell ?? '').split(',').map((s) => s.trim()).filter(Boolean));

function readGold(path: string): Gold[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const g = Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
    return {
      file: g.file,
      names: g.jurisdiction.split('|'),
      prefecture: g.prefecture,
      province: g.province,
      date: g.date,
      year: g.year,
      present: ids(g.present),
      lifted: ids(g.lifted),
      optional: ids(g.optional),
    };
  });
}

function prf(tp: number, fp: number, fn: number) {
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

async function main(): Promise<void> {
  if (!existsSync(goldPath)) {
    process.stderr.write(`eval: no gold file at ${goldPath}\n`);
    process.exit(2);
  }
  const gold = readGold(goldPath);
  const corpus = loadPaths(paths.length ? paths : [seedsDir]);
  const reports = reportRows(corpus.units);
  const exported = exportUnitRows(corpus);
  const perFile = new Map<string, number>();
  for (const g of gold) perFile.set(g.file, (perFile.get(g.file) ?? 0) + 1);

  const per = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (m: string, k: 'tp' | 'fp' | 'fn') => {
    const s = per.get(m) ?? { tp: 0, fp: 0, fn: 0 };
    s[k]++;
    per.set(m, s);
  };
  let meta = 0;
  let metaN = 0;
  const lifted = { tp: 0, fp: 0, fn: 0 };
  const misses: string[] = [];
  for (const g of gold) {
    const same = reports.filter((r) => basename(r.file) === g.file);
    const r = same.find((x) => g.names.includes(x.jurisdiction)) ?? (perFile.get(g.file) === 1 ? same[0] : undefined);
    const tag = `${g.file.slice(0, 3)}/${g.names[0]}`;
    if (!r) {
      misses.push(`${tag}: unit not found`);
      for (const m of g.present) bump(m, 'fn');
      continue;
    }
    const checks: [string, boolean][] = [
      ['jurisdiction', g.names.includes(r.jurisdiction)],
      ['prefecture', r.prefecture === g.prefecture],
      ['province', r.province === g.province],
      ['year', String(r.year) === g.year],
      ['date', !g.date || g.date === r.event_date || g.date === r.published_date],
    ];
    for (const [k, ok] of checks) {
      metaN++;
      if (ok) meta++;
      else misses.push(`${tag}: ${k} wrong`);
    }
    const rows = exported.filter((e) => e.unit_id === r.unit_id);
    const pred = new Set(rows.map((e) => e.measure_id));
    const predLifted = new Set(rows.filter((e) => e.status === 'lifted').map((e) => e.measure_id));
    for (const m of new Set([...g.present, ...pred])) {
      if (g.present.has(m) && pred.has(m)) bump(m, 'tp');
      else if (g.present.has(m)) (bump(m, 'fn'), misses.push(`${tag}: missed ${m}`));
      else if (!g.optional.has(m)) (bump(m, 'fp'), misses.push(`${tag}: spurious ${m}`));
    }
    for (const m of new Set([...g.lifted, ...predLifted])) {
      if (g.lifted.has(m) && predLifted.has(m)) lifted.tp++;
      else if (g.lifted.has(m)) (lifted.fn++, misses.push(`${tag}: ${m} not marked lifted`));
      else if (!g.optional.has(m)) (lifted.fp++, misses.push(`${tag}: ${m} wrongly marked lifted`));
    }
  }
  const rows = [...per.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([m, s]) => {
      const x = prf(s.tp, s.fp, s.fn);
      return { measure: m, tp: s.tp, fp: s.fp, fn: s.fn, precision: x.p.toFixed(2), recall: x.r.toFixed(2), f1: x.f.toFixed(2) };
    });
  const tot = [...per.values()].reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
  const all = prf(tot.tp, tot.fp, tot.fn);
  const lf = prf(lifted.tp, lifted.fp, lifted.fn);
  const cols = ['measure', 'tp', 'fp', 'fn', 'precision', 'recall', 'f1'].map((key) => ({ key, align: key === 'measure' ? ('left' as const) : ('right' as const) }));
  process.stdout.write(await renderTable(cols, rows, { color: false }));
  for (const m of misses) process.stdout.write(`  ${m}\n`);
  process.stdout.write(
    `overall: P ${all.p.toFixed(3)} R ${all.r.toFixed(3)} F1 ${all.f.toFixed(3)} | lifted P ${lf.p.toFixed(3)} R ${lf.r.toFixed(3)} F1 ${lf.f.toFixed(3)} | metadata ${(metaN ? meta / metaN : 0).toFixed(3)} | units ${gold.length}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`eval: ${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
