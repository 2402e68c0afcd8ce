// The store's table file: what is encoded decodes back, and only for the manifest and version
// it was stamped with; damaged bytes are refused, never half-read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeTable, encodeTable, type StoreTable } from '../src/tablefile.ts';
import type { Place } from '../src/types.ts';

const YUANYANG: Place = { name: '原阳县', code: '410724', prefecture: '新乡市', province: '河南省', level: 'county' };
const XINXIANG: Place = { name: '新乡市', code: '4107', prefecture: '新乡市', province: '河南省', level: 'prefecture' };
const stamp = { size: 2056351, mtimeMs: 1795000000123.456, ino: 42 };
const M = 60;

const table = fc
  .array(fc.record({ place: fc.constantFrom(undefined, YUANYANG, XINXIANG), year: fc.constantFrom(undefined, 2020, 2021, 2022) }), { minLength: 1, maxLength: 20 })
  .chain((units) =>
    fc.record({
      units: fc.constant(units.map(({ place, year }) => ({ ...(place ? { place } : {}), ...(year ? { year } : {}) }))),
      facts: fc.array(fc.tuple(fc.nat(units.length - 1), fc.nat(M - 1), fc.constantFrom(0, 1)), { maxLength: 60 }),
      skipped: fc.array(fc.record({ file: fc.constantFrom('a.txt', '原阳/b.html'), reason: fc.constantFrom('empty file', 'no report unit found') }), { maxLength: 3 }),
    }),
  )
  .map(
    ({ units, facts, skipped }): StoreTable => ({
      units,
      unit: Int32Array.from(facts, (f) => f[0]),
      measure: Int32Array.from(facts, (f) => f[1]),
      lifted: Uint8Array.from(facts, (f) => f[2]),
      skipped: skipped.map((x) => ({ ...x })),
      files: units.length,
    }),
  );

const bytesOf = (t: StoreTable, s = stamp, v = '2 abc') => Buffer.concat(encodeTable(t, s, v)!);

test('a table decodes to what was encoded, places and years included', () => {
  fc.assert(
    fc.property(table, (t) => {
      assert.deepEqual(decodeTable(bytesOf(t), stamp, '2 abc', M), t);
    }),
  );
});

test('a table of another manifest or version, or damaged, is not read', () => {
  fc.assert(
    fc.property(table, fc.nat(1000), (t, cut) => {
      const bytes = bytesOf(t);
      assert.equal(decodeTable(bytes, { ...stamp, mtimeMs: stamp.mtimeMs + 1 }, '2 abc', M), undefined);
      assert.equal(decodeTable(bytes, { ...stamp, ino: 43 }, '2 abc', M), undefined);
      assert.equal(decodeTable(bytes, stamp, '2 other-taxonomy', M), undefined);
      assert.equal(decodeTable(bytes.subarray(0, cut % bytes.length), stamp, '2 abc', M), undefined);
      assert.equal(decodeTable(Buffer.concat([bytes, Buffer.alloc(4)]), stamp, '2 abc', M), undefined);
    }),
  );
  // A measure index beyond the taxonomy, or a unit beyond the units: refused.
  const t: StoreTable = { units: [{ year: 2021 }], unit: Int32Array.of(0), measure: Int32Array.of(M - 1), lifted: Uint8Array.of(1), skipped: [], files: 1 };
  assert.ok(decodeTable(bytesOf(t), stamp, '2 abc', M));
  assert.equal(decodeTable(bytesOf(t), stamp, '2 abc', M - 1), undefined);
  assert.equal(decodeTable(bytesOf({ ...t, unit: Int32Array.of(1) }), stamp, '2 abc', M), undefined);
});
