import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvRows, jsonItems, partsAssembler, renderCsv, renderJson, renderRows, renderTable } from '../src/render.ts';
import { displayWidth, truncateWidth } from '../src/width.ts';

const ESC = '\u001b';

test('a CJK table rendered at fixed widths has lines of equal display width', async () => {
  const columns = [
    { key: 'jurisdiction', maxWidth: 8 },
    { key: 'measure', maxWidth: 12 },
    { key: 'n', align: 'right' as const },
  ];
  const rows = [
    { jurisdiction: '新乡高新技术产业开发区', measure: '核酸检测 nucleic_acid_testing', n: 3 },
    { jurisdiction: '邱县', measure: '网格化管理', n: 12 },
    { jurisdiction: 'Huguan', measure: '货车闭环', n: 1 },
  ];
  const out = await renderTable(columns, rows, { color: false });
  const lines = out.trimEnd().split('\n');
  assert.ok(lines.length >= 7);
  const widths = new Set(lines.map(displayWidth));
  assert.equal(widths.size, 1, `line widths differ: ${[...widths].join(', ')}\n${out}`);
  assert.ok(out.includes('新乡高…'), 'long CJK label cut by display width');
  const wide = await renderTable([{ key: 'g', header: '新乡市平原城乡一体化示范区', maxWidth: 12 }], [{ g: '●' }], { color: false });
  assert.ok(wide.includes('新乡市平原…') && !wide.includes('示范区'), 'headers are cut by display width too');
  assert.ok(!out.includes(ESC), 'no ANSI codes when colour is off');
});

test('truncateWidth counts CJK characters as two columns', () => {
  assert.equal(displayWidth('原阳县'), 6);
  assert.equal(truncateWidth('新乡市平原城乡一体化示范区', 9), '新乡市平…');
  assert.equal(displayWidth(truncateWidth('新乡市平原城乡一体化示范区', 9)), 9);
  assert.equal(truncateWidth('邱县', 4), '邱县');
});

test('CSV guards formulas, quotes per RFC 4180 and strips control characters', () => {
  const csv = renderCsv([{ key: 'a' }, { key: 'b' }], [
    { a: '=HYPERLINK("http://x","点击")', b: `红${ESC}[31m色` },
    { a: '+1', b: '-2' },
    { a: '@SUM(A1)', b: 'a,b' },
    { a: '\tTAB', b: 'line\nbreak' },
  ]);
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'a,b');
  assert.equal(lines[1], `"'=HYPERLINK(""http://x"",""点击"")",红色`);
  assert.equal(lines[2], "'+1,'-2");
  assert.equal(lines[3], `'@SUM(A1),"a,b"`);
  assert.ok(csv.includes(`'\tTAB`));
  assert.ok(!csv.includes(ESC));
  assert.ok(renderCsv([{ key: 'a' }], [], { bom: true }).startsWith('\ufeffa'));
});

test('JSON output sorts keys and is identical for the same data in another key order', () => {
  const a = renderJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } });
  const b = renderJson({ a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 });
  assert.equal(a, b);
  assert.ok(a.indexOf('"a"') < a.indexOf('"b"'));
  assert.ok(!renderJson({ s: `${ESC}[2J清屏` }).includes(ESC));
});

test('rows rendered in parts and assembled are the document rendered whole (CSV and JSON, empty too)', async () => {
  const columns = [{ key: 'a' }, { key: 'b' }];
  const rows = [
    { a: '原阳县', b: 1 },
    { a: '=HYPERLINK("x")', b: 'x,y' },
    { a: 'line\nbreak', b: null },
  ];
  const opts = { color: false };
  for (const format of ['csv', 'json'] as const) {
    for (const list of [rows, []]) {
      const whole = await renderRows(format, columns, list, opts);
      // JSON whole is renderJson of the rows cut to the columns.
      if (format === 'json') assert.equal(whole, renderJson(list.map((r) => Object.fromEntries(columns.map((c) => [c.key, r[c.key as 'a' | 'b'] ?? null])))));
      else assert.equal(whole, renderCsv(columns, list));
      const listing = partsAssembler(format, columns);
      // Assembled from parts the way streaming export does: one part per row, empty parts too.
      const parts = [[], ...list.map((r) => [r]), []].map((p) => ({ text: format === 'csv' ? csvRows(columns, p) : jsonItems(columns, p).join(',\n'), rows: p.length }));
      const assembled = listing.start() + parts.map((p) => (p.rows ? listing.separator(p.rows) + p.text : '')).join('') + listing.end();
      assert.equal(assembled, whole, `${format}, ${list.length} rows`);
    }
  }
  assert.equal(renderJson([]), '[]\n');
});

test('CSV rows that repeat cells of the row above render as each row alone would', () => {
  const columns = [{ key: 'a' }, { key: 'b' }, { key: 'c' }];
  const cell = fc.oneof(fc.constantFrom('原阳县', '=SUM(A1)', 'x,"y"', '', '2021', 'a\nb'), fc.constantFrom(null, undefined, 0, 2021, NaN));
  fc.assert(
    fc.property(fc.array(fc.record({ a: cell, b: cell, c: cell }), { maxLength: 12 }), (rows) => {
      assert.equal(csvRows(columns, rows), rows.map((r) => csvRows(columns, [r])).join(''));
    }),
  );
});
