// Queries over the bundled seeds, real report text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadPaths } from '../src/corpus.ts';
import { searchHits, searchPlan, search, selectGroup, selectorCandidates } from '../src/query.ts';

const seeds = fileURLToPath(new URL('../seeds', import.meta.url));
const corpus = loadPaths([seeds]);

test('selectGroup over the units selectorCandidates keeps picks what it picks over all units', () => {
  const names = new Set<string>();
  for (const u of corpus.units) if (u.place) for (const n of [u.place.name, u.place.prefecture, u.place.province]) names.add(n);
  // Full names, stems, Traditional spellings, a zone under its prefecture, and names no unit has.
  const selectors = [...names, ...[...names].map((n) => n.slice(0, 2)), '原陽縣', '新鄉', '高新区', '河南', '不存在县', '北京'];
  let picked = 0;
  for (const q of selectors) {
    const all = selectGroup(q, corpus.units);
    const kept = selectGroup(q, corpus.units.filter(selectorCandidates(q)));
    if ('error' in all) {
      assert.ok('error' in kept, q);
      continue;
    }
    picked++;
    assert.ok(!('error' in kept), q);
    assert.deepEqual([kept.kind, kept.key, kept.units.map((u) => u.id)], [all.kind, all.key, all.units.map((u) => u.id)], q);
  }
  assert.ok(picked > 10, `${picked} selectors picked units`);
});

test('search a file at a time finds what search over the corpus finds, in the same order', () => {
  for (const q of ['核酸检测', '卡點', 'checkpoint', '隔离', '疫情防控指挥部']) {
    const plan = searchPlan(q);
    const byFile = [...new Set(corpus.units.map((u) => u.file))].flatMap((file) => {
      const units = corpus.units.filter((u) => u.file === file);
      const ids = new Set(units.map((u) => u.id));
      return searchHits(plan, { units, mentions: corpus.mentions.filter((m) => ids.has(m.unitId)) });
    });
    const whole = search(q, corpus);
    assert.ok(whole.hits.length > 0, q);
    assert.deepEqual(byFile, whole.hits, q);
  }
});
