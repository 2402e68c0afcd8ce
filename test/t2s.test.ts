// The flat-table converter (src/t2s.ts) must give exactly what opencc-js gives: on the seeds, on
// the seeds turned Traditional, and on random text built from the dictionaries' own keys (where
// phrase, segment and surrogate boundaries are hit most often).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fromSimplified, openccToSimplified } from '../src/script.ts';
import { compileT2s, packT2s, t2sConverter, t2sTables, unpackT2s, type T2sData } from '../src/t2s.ts';
import { generatedDir, seedsDir } from '../src/paths.ts';
import { packArrays, unpackArrays } from '../src/pack.ts';

const file = join(generatedDir, 't2s.json');
const data = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T2sData) : undefined;
const reference = openccToSimplified();

test('t2s.json is built (npm run build) from both opencc configurations', () => {
  assert.ok(data, `${file} is missing: run npm run build`);
  assert.deepEqual(
    data.configs.map((c) => c.name),
    ['tw2s', 'hk2s'],
  );
  for (const c of data.configs) assert.ok(c.chain.length >= 2 && c.chain.every((g) => g.length > 0), c.name);
});

test('same output as opencc-js on every seed, as written and turned Traditional', () => {
  const ours = compileT2s(data!);
  for (const f of readdirSync(seedsDir)) {
    const text = readFileSync(join(seedsDir, f), 'utf8');
    assert.equal(ours(text), reference(text), f);
    const trad = fromSimplified(text);
    assert.equal(ours(trad), reference(trad), `${f} in Traditional`);
  }
});

test('same output as opencc-js on random text made of dictionary keys and awkward characters', () => {
  const ours = compileT2s(data!);
  const keys = [...new Set(data!.configs.flatMap((c) => [...(c.segmentation ?? []), ...c.chain.flatMap((g) => g.map(([k]) => k))]))];
  // Phrase keys cut in half, IDS sequences (⿰氵每), surrogate pairs (𠮷), lone surrogates, CJK
  // compatibility ideographs, punctuation and newlines.
  const piece = fc.oneof(
    fc.constantFrom(...keys),
    fc.constantFrom(...keys).map((k) => k.slice(0, Math.ceil(k.length / 2))),
    fc.constantFrom('⿰氵每', '⿱艹⿰日月', '⿲', '𠮷', '𩸽', '\ud842', '\udfb7', '豈', '更', '。', '\n', ' ', 'a', '縣委', '衞生'),
    fc.string({ maxLength: 4 }),
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
      const s = parts.join('');
      assert.equal(ours(s), reference(s));
    }),
    { numRuns: 3000 },
  );
});

test('segment boundaries hold: a phrase is not matched across a segment opencc-js cut', () => {
  const ours = compileT2s(data!);
  const unsegmented = compileT2s({ ...data!, configs: data!.configs.map((c) => ({ ...c, segmentation: null })) });
  // A chain phrase whose tail starts a segmentation phrase: 'ab' + 'bc' read as 'abc'.
  const cases: string[] = [];
  for (const c of data!.configs) {
    const starts = new Map<string, string>();
    for (const k of c.segmentation ?? []) if (k.length > 1 && !starts.has(k[0])) starts.set(k[0], k);
    for (const group of c.chain) {
      for (const [k] of group) {
        if (k.length < 2) continue;
        const next = starts.get(k[k.length - 1]);
        if (next) cases.push(k.slice(0, -1) + next);
      }
    }
  }
  assert.ok(cases.length > 20, `only ${cases.length} cases`);
  let differs = 0;
  for (const s of cases) {
    assert.equal(ours(s), reference(s), s);
    if (unsegmented(s) !== reference(s)) differs++;
  }
  // The cases do exercise segmentation: without it, some come out differently.
  assert.ok(differs > 0);
});

test('same output as opencc-js on long text whose words grow when converted', () => {
  const ours = compileT2s(data!);
  // Words whose replacement is longer fill the converter's buffers past their first size.
  const growing = data!.configs.flatMap((c) => c.chain.flatMap((g) => g.filter(([k, v]) => v.length > k.length).map(([k]) => k)));
  assert.ok(growing.length > 10);
  for (const n of [1, 100, 3000]) {
    const text = Array.from({ length: n }, (_, i) => growing[i % growing.length] + (i % 7 ? '' : '，縣衞生局。')).join('');
    assert.equal(ours(text), reference(text), `${n} words`);
  }
});

test('the packed tables (t2s.bin, built with t2s.json) convert as opencc-js does', async () => {
  const { readFileSync: read } = await import('node:fs');
  const packedFile = join(generatedDir, 't2s.bin');
  assert.ok(existsSync(packedFile), `${packedFile} is missing: run npm run build`);
  const tables = unpackT2s(read(packedFile), data!.source);
  assert.ok(tables, 't2s.bin does not unpack, or was built from other data than t2s.json');
  const ours = t2sConverter(tables);
  for (const f of readdirSync(seedsDir)) {
    const trad = fromSimplified(readFileSync(join(seedsDir, f), 'utf8'));
    assert.equal(ours(trad), reference(trad), `${f} in Traditional`);
  }
  // Built afresh, packed and unpacked: the same bytes as the file.
  assert.deepEqual(Buffer.from(packT2s(t2sTables(data!))!), read(packedFile));
});

test('packed tables from other opencc data, or cut short, are not used', () => {
  const packed = packT2s(t2sTables(data!))!;
  assert.equal(unpackT2s(packed, 'opencc-js 0.0.1, preset t2cn'), undefined);
  assert.equal(unpackT2s(packed.subarray(0, packed.length - 8)), undefined);
  assert.ok(unpackT2s(packed));
  // Well framed, but a header that is not what packT2s writes: refused, not thrown on.
  const header = unpackArrays(packed)!.header as Record<string, unknown>;
  const arrays = unpackArrays(packed)!.arrays;
  for (const broken of [{ format: 1 }, { ...header, dicts: undefined }, { ...header, configs: [{ normalize: [99], segmentation: null, chain: [] }] }, { ...header, stride: 0 }]) {
    assert.equal(unpackT2s(packArrays(broken, arrays)!), undefined, JSON.stringify(Object.keys(broken)));
  }
});

test('a very long document leaves no buffers sized for it behind', async () => {
  const { retainedBytes } = await import('./fixtures/retained.ts');
  const ours = compileT2s(data!);
  ours('縣衞生局');
  const long = '縣衞生局設置卡點，開展核酸檢測。'.repeat(150_000);
  const kept = retainedBytes(() => {
    assert.equal(ours(long), reference(long));
    ours('縣衞生局');
  });
  // 2.4 million code units in two buffers of 2 bytes a unit, grown by doubling: both (9 MiB) were kept.
  assert.ok(kept < 2 << 20, `${(kept / 1048576).toFixed(1)} MB kept`);
});
