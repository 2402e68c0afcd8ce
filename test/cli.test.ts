// End to end: the built CLI (bin/fangkong.js → dist/) on the bundled seeds, as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/fangkong.js', import.meta.url));
const ESC = '\u001b';

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// A small RFC 4180 reader, enough to check what we write.
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\ufeff/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell.replace(/\r$/, '')), rows.push(row), (row = []), (cell = '');
    else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

test('reports: 19 units from the five seeds, with places and dates', () => {
  const r = run(['reports', '--format', 'csv']);
  assert.equal(r.code, 0, r.err);
  const rows = parseCsv(r.out);
  assert.equal(rows.length, 19);
  for (const col of ['unit_id', 'file', 'jurisdiction', 'adm_code', 'prefecture', 'province', 'event_date', 'published_date', 'year', 'year_source', 'script', 'chars']) {
    assert.ok(col in rows[0], `column ${col}`);
  }
  const bulletin = rows.filter((x) => x.file.includes('002_'));
  assert.equal(bulletin.length, 15);
  assert.ok(bulletin.every((x) => x.prefecture === '新乡市' && x.province === '河南省' && x.script === 'traditional'));
  const qiu = rows.find((x) => x.file.includes('001_'))!;
  assert.deepEqual([qiu.jurisdiction, qiu.prefecture, qiu.province, qiu.event_date, qiu.year], ['邱县', '邯郸市', '河北省', '2021-01-08', '2021']);
  const wugang = rows.find((x) => x.file.includes('004_'))!;
  assert.equal(wugang.jurisdiction, '舞钢市');
  assert.match(wugang.year_source, /^inferred:/);
});

test('every command answers in csv and json, and json parses', () => {
  const cases = [['reports'], ['export'], ['export', '--level', 'mention'], ['measures'], ['matrix', '--by', 'year'], ['compare', '原阳县', '邱县'], ['timeline', '原阳县'], ['search', 'checkpoint']];
  for (const c of cases) {
    const j = run([...c, '--format', 'json']);
    assert.equal(j.code, 0, `${c.join(' ')}: ${j.err}`);
    assert.doesNotThrow(() => JSON.parse(j.out), c.join(' '));
    const s = run([...c, '--format', 'csv']);
    assert.equal(s.code, 0, `${c.join(' ')}: ${s.err}`);
    assert.ok(parseCsv(s.out).length > 0, `${c.join(' ')} csv has rows`);
    assert.ok(!s.out.includes(ESC) && !j.out.includes(ESC));
  }
});

test('export rows carry measure, status and an evidence sentence', () => {
  const rows = parseCsv(run(['export', '--format', 'csv']).out);
  for (const col of ['file', 'jurisdiction', 'adm_code', 'prefecture', 'province', 'event_date', 'year', 'measure_id', 'category', 'status', 'mentions', 'evidence']) {
    assert.ok(col in rows[0], `column ${col}`);
  }
  const yuanyang = rows.filter((x) => x.file.includes('000_'));
  assert.ok(yuanyang.some((x) => x.measure_id === 'checkpoint' && x.status === 'lifted' && x.evidence.includes('卡点')));
  assert.ok(yuanyang.some((x) => x.measure_id === 'public_transport' && x.status === 'lifted'));
  const mentions = parseCsv(run(['export', '--level', 'mention', '--format', 'csv']).out);
  assert.ok(mentions.every((m) => Number(m.end) > Number(m.start) && m.evidence.includes(m.matched)));
});

test('measures lists 38 measures in 7 categories with crosswalk codes', () => {
  const j = JSON.parse(run(['measures', '--format', 'json']).out);
  assert.equal(j.categories.length, 7);
  const all = j.categories.flatMap((c: { measures: unknown[] }) => c.measures);
  assert.equal(all.length, 38);
  assert.equal(all.find((m: { id: string }) => m.id === 'checkpoint').oxcgrt, 'C7');
});

test('matrix --by year has columns 2020, 2021 and 2022', () => {
  const j = JSON.parse(run(['matrix', '--by', 'year', '--format', 'json']).out);
  assert.deepEqual(j.groups.map((g: { key: string }) => g.key), ['2020', '2021', '2022']);
  const table = run(['matrix', '--by', 'year']).out;
  for (const y of ['2020', '2021', '2022']) assert.ok(table.includes(y));
  assert.ok(!table.includes(ESC), 'no ANSI codes when piped');
});

test('compare 原阳县 邱县 shows grid_management on both sides; --diff is a unified diff', () => {
  const j = JSON.parse(run(['compare', '原阳县', '邱县', '--format', 'json']).out);
  const grid = j.measures.find((m: { measure_id: string }) => m.measure_id === 'grid_management');
  assert.equal(grid.side, 'both');
  const t = run(['compare', '原陽縣', '邱县', '--evidence']);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /grid_management/);
  const d = run(['compare', '2020', '2022', '--diff']).out;
  assert.match(d, /^--- /m);
  assert.match(d, /^\+\+\+ /m);
  assert.match(d, /^@@ /m);
});

test('timeline 原阳县 lists its units in date order', () => {
  const j = JSON.parse(run(['timeline', '原阳', '--format', 'json']).out);
  assert.deepEqual(j.units.map((u: { date: string }) => u.date), ['2020-02-12', '2020-02-21']);
});

test('search 核酸檢測 finds the Qiu county, Huguan and Wugang reports', () => {
  const j = JSON.parse(run(['search', '核酸檢測', '--format', 'json']).out);
  const places = new Set(j.hits.map((h: { jurisdiction: string }) => h.jurisdiction));
  for (const p of ['邱县', '壶关县', '舞钢市']) assert.ok(places.has(p), `${p} in ${[...places]}`);
  const t = run(['search', '核酸檢測']).out;
  assert.match(t, /【核酸/);
});

test('search writes what renderJson and renderRows make of the whole result', async () => {
  const { join } = await import('node:path');
  const { loadPaths } = await import('../src/corpus.ts');
  const { search } = await import('../src/query.ts');
  const { renderJson, renderRows } = await import('../src/render.ts');
  const seeds = join(root, 'seeds');
  const corpus = loadPaths([seeds]);
  const csvColumns = ['date', 'jurisdiction', 'measure_id', 'status', 'evidence', 'file', 'unit_id', 'hit_start', 'hit_end'].map((key) => ({ key }));
  for (const q of ['核酸檢測', '卡点', '隔离', 'no such words']) {
    const result = search(q, corpus);
    assert.equal(run(['search', q, seeds, '--format', 'json']).out, renderJson(result), q);
    assert.equal(run(['search', q, seeds, '--format', 'csv']).out, await renderRows('csv', csvColumns, result.hits as never, { color: false }), q);
  }
});

test('filters narrow units and mentions', () => {
  const rows = parseCsv(run(['export', '--year', '2022', '--category', 'testing', '--format', 'csv']).out);
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.year === '2022' && r.category === 'testing'));
  const lifted = parseCsv(run(['export', '--status', 'lifted', '--format', 'csv']).out);
  assert.ok(lifted.length > 0 && lifted.every((r) => r.status === 'lifted'));
  const henan = parseCsv(run(['reports', '--province', '河南', '--format', 'csv']).out);
  assert.ok(henan.length === 17 && henan.every((r) => r.province === '河南省'));
});

test('usage errors: one line, exit 2; unknown selector suggests a name', () => {
  const opt = run(['reports', '--frobnicate']);
  assert.equal(opt.code, 2);
  assert.equal(opt.err.trim().split('\n').length, 1, opt.err);
  const missing = run(['reports', 'no/such/folder']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no such file or folder/);
  assert.ok(!/\n\s+at /.test(missing.err), 'no stack trace');
  const sel = run(['compare', '原阳镇', '邱县']);
  assert.equal(sel.code, 2);
  assert.match(sel.err, /did you mean 原阳县/);
});

test('every command has --help with an example line', () => {
  for (const c of ['reports', 'export', 'measures', 'matrix', 'compare', 'timeline', 'search', 'index']) {
    const r = run([c, '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Example:\n\s+fangkong /, c);
  }
  const top = run(['--help']);
  assert.equal(top.code, 0);
  assert.match(top.out, /matrix/);
});
