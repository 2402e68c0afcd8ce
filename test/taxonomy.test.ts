// The taxonomy as data: the bundled files load and hold the codebook, each measure family passes
// its own examples (in Simplified and after a round trip through Traditional script), and a broken
// taxonomy fails loudly, naming the file, the measure and the cue or example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTaxonomy, CATEGORY_FILES, loadTaxonomy, loadTaxonomyFrom, readTaxonomyFiles, TaxonomyError } from '../src/taxonomy.ts';
import { matchUnit } from '../src/match.ts';
import { fromSimplified, toSimplified } from '../src/script.ts';
import { dataDir } from '../src/paths.ts';

const tax = loadTaxonomy();
const taxDir = join(dataDir, 'taxonomy');
const ids = (text: string) => new Set(matchUnit('t', text).map((m) => m.measureId));
const statusOf = (text: string, id: string) => new Set(matchUnit('t', text).filter((m) => m.measureId === id).map((m) => m.status));

test('the bundled taxonomy holds every codebook id, in category and file order', () => {
  const codebook = JSON.parse(readFileSync(join(taxDir, 'codebook-ids.json'), 'utf8')).ids as string[];
  assert.equal(codebook.length, 38);
  for (const id of codebook) assert.ok(tax.measureById.has(id), id);
  assert.deepEqual(tax.categories.map((c) => c.id), CATEGORY_FILES);
  // Taxonomy order is category order, then file order.
  const order = tax.measures.map((m) => tax.categories.findIndex((c) => c.id === m.category));
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
  assert.equal(tax.measures[0].id, 'checkpoint');
  for (const m of tax.measures) {
    assert.ok(m.zh && m.en && m.definition, m.id);
    assert.ok(m.examples.match.length > 0, `${m.id} has match examples`);
    assert.equal(tax.measureById.get(m.id), m);
  }
  assert.equal(tax.measureById.get('checkpoint')!.oxcgrt, 'C7');
  assert.equal(tax.measureById.get('risk_zoning')!.oxcgrt, null);
});

test('the version is a hash of the data files and the load is memoised', () => {
  assert.match(tax.version, /^[0-9a-f]{16}$/);
  assert.equal(loadTaxonomy(), tax);
  assert.equal(readTaxonomyFiles().hash, tax.version);
  // Same data, same version; one changed byte, another version.
  const dir = copyOfTaxonomy();
  try {
    assert.equal(loadTaxonomyFrom(dir).version, tax.version);
    const f = join(dir, 'entry.json');
    writeFileSync(f, readFileSync(f, 'utf8') + '\n');
    assert.notEqual(loadTaxonomyFrom(dir).version, tax.version);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// One test per category: each measure's own examples, as written and after a round trip through
// Traditional script (the way a Traditional document reaches the matcher).
for (const cat of tax.categories) {
  test(`measure family ${cat.id}: examples match, traps do not, lifts are lifted`, () => {
    for (const m of tax.measures.filter((x) => x.category === cat.id)) {
      for (const raw of m.examples.match) {
        for (const s of [raw, toSimplified(fromSimplified(raw))]) assert.ok(ids(s).has(m.id), `${m.id} should match: ${s}`);
      }
      for (const raw of m.examples.nomatch) {
        for (const s of [raw, toSimplified(fromSimplified(raw))]) assert.ok(!ids(s).has(m.id), `${m.id} should not match: ${s}`);
      }
      for (const raw of m.examples.lifted) {
        for (const s of [raw, toSimplified(fromSimplified(raw))]) assert.ok(statusOf(s, m.id).has('lifted'), `${m.id} should be lifted: ${s}`);
      }
    }
  });
}

test('Traditional report text finds the same measures after conversion', () => {
  const trad = '縣長李澤宙到格林假日酒店集中隔離點督導疫情防控工作,詳細瞭解防控卡點值守、居家隔離、人員出入管理等工作開展情況。';
  const got = ids(toSimplified(trad));
  for (const id of ['centralized_quarantine', 'checkpoint', 'home_quarantine', 'compound_management', 'supervision_accountability']) assert.ok(got.has(id), id);
  assert.ok(ids(toSimplified('每個村、每個小區卡口都要設置健康碼、行程碼標誌')).has('health_code'));
  assert.ok(ids(toSimplified('全面開展師生核酸檢測')).has('nucleic_acid_testing'));
  // Hong Kong and Taiwan wording.
  assert.ok(ids(toSimplified('入境旅客須居家檢疫14天')).has('home_quarantine'));
  assert.ok(ids(toSimplified('政府延長限聚令至月底')).has('gathering_restriction'));
  assert.ok(ids(toSimplified('民眾可在家使用快篩試劑')).has('antigen_testing'));
  assert.ok(ids(toSimplified('進入餐廳須使用「安心出行」掃描場所二維碼')).has('health_code'));
  assert.ok(ids(toSimplified('確診個案的密切接觸者須送往檢疫中心')).has('centralized_quarantine'));
  assert.ok(ids(toSimplified('公車、捷運及客運暫停營運')).has('public_transport'));
  assert.deepEqual(statusOf(toSimplified('全縣所有卡點即日起撤除。'), 'checkpoint'), new Set(['lifted']));
});

// ---- broken taxonomies ----

function copyOfTaxonomy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fangkong-tax-'));
  for (const f of [...CATEGORY_FILES.map((c) => `${c}.json`), 'status.json', 'codebook-ids.json']) {
    writeFileSync(join(dir, f), readFileSync(join(taxDir, f)));
  }
  return dir;
}

/** The bundled data with one file edited in memory; returns the build to run. */
function withFile(name: string, edit: (data: any) => void) {
  const { source } = readTaxonomyFiles();
  const files = structuredClone(source.files) as Record<string, any>;
  edit(files[name]);
  return () => buildTaxonomy({ files });
}

const named = (re: RegExp) => (e: unknown) => e instanceof TaxonomyError && re.test(e.message);

test('a duplicate measure id fails, naming the file, the id and the other file', () => {
  assert.throws(withFile('entry.json', (d) => (d.measures[1].id = 'checkpoint')), named(/entry\.json, measure checkpoint: duplicate id \(also in entry\.json\)/));
  assert.throws(withFile('testing.json', (d) => (d.measures[0].id = 'checkpoint')), named(/testing\.json, measure checkpoint: duplicate id \(also in entry\.json\)/));
});

test('an empty, spaced, badly gapped or duplicated cue fails, naming the cue', () => {
  assert.throws(withFile('testing.json', (d) => d.measures[0].cues.push('')), named(/testing\.json, measure nucleic_acid_testing: "cues" has an empty/));
  assert.throws(withFile('entry.json', (d) => d.measures[0].cues.push('卡 点')), named(/measure checkpoint: cue "卡 点" in "cues" contains spaces/));
  assert.throws(withFile('isolation.json', (d) => d.measures[0].cues.push('…隔离')), named(/isolation\.json, measure centralized_quarantine: cue "…隔离".*gap \(…\) must stand between two words/));
  assert.throws(withFile('entry.json', (d) => d.measures[1].cues.push('不允许...入市')), named(/cue "不允许...入市".*write a gap as "…"/));
  assert.throws(withFile('entry.json', (d) => d.measures[0].cues.push('卡点。')), named(/cue "卡点。".*sentence end/));
  assert.throws(withFile('entry.json', (d) => d.measures[0].cues.push('卡点')), named(/measure checkpoint: "卡点" appears twice in "cues"/));
  assert.throws(withFile('entry.json', (d) => d.measures[0].negatives.push('卡口')), named(/measure checkpoint: negative "卡口" is also one of its cues/));
  assert.throws(withFile('entry.json', (d) => (d.measures[0].context[0].cues = [])), named(/measure checkpoint, context rule 1: "cues" must not be empty/));
});

test('a bad example fails, naming the example and the cue that fired', () => {
  assert.throws(withFile('venues.json', (d) => d.measures[0].examples.match.push('今天天气很好')), named(/venues\.json, measure venue_controls: example "今天天气很好" should match but does not/));
  assert.throws(withFile('entry.json', (d) => d.measures[0].examples.nomatch.push('设立卡点')), named(/entry\.json, measure checkpoint: example "设立卡点" should not match but cue "卡点" fires/));
  assert.throws(withFile('entry.json', (d) => d.measures[0].examples.lifted.push('继续保持卡点值守')), named(/measure checkpoint: example "继续保持卡点值守" should be lifted but is in force/));
  assert.throws(withFile('entry.json', (d) => (d.measures[0].examples.match = [])), named(/measure checkpoint: "examples\.match" must not be empty/));
});

test('an unknown field or a field of the wrong type fails', () => {
  assert.throws(withFile('entry.json', (d) => (d.measures[0].colour = 'red')), named(/entry\.json, measure checkpoint: unknown field "colour"/));
  assert.throws(withFile('entry.json', (d) => (d.measures[0].context[0].radius = 5)), named(/measure checkpoint, context rule 1: unknown field "radius"/));
  assert.throws(withFile('entry.json', (d) => (d.measures[0].examples.maybe = [])), named(/measure checkpoint, examples: unknown field "maybe"/));
  assert.throws(withFile('entry.json', (d) => (d.measures[0].cues = '卡点')), named(/measure checkpoint: "cues" must be a list of strings/));
  assert.throws(withFile('entry.json', (d) => (d.measures[0].context[0].window = '12')), named(/context rule 1: "window" must be a whole number/));
  assert.throws(withFile('entry.json', (d) => (d.measures[0].oxcgrt = 7)), named(/measure checkpoint: "oxcgrt" must be a non-empty string or null/));
  assert.throws(withFile('entry.json', (d) => (d.measures[0].id = 'Check Point')), named(/entry\.json: measure id "Check Point" must be snake_case/));
  assert.throws(withFile('entry.json', (d) => (d.category.id = 'movement')), named(/entry\.json, category: id movement does not match the file name/));
  assert.throws(withFile('status.json', (d) => (d.liftWords = [])), named(/status\.json: "liftWords" must not be empty/));
  assert.throws(withFile('status.json', (d) => d.modes.general.push('no_such_measure')), named(/status\.json, modes: unknown measure no_such_measure/));
  assert.throws(withFile('status.json', (d) => (d.maxGap = 3)), named(/status\.json: unknown field "maxGap"/));
});

test('a codebook id missing from the data fails the full load', () => {
  assert.throws(withFile('health.json', (d) => d.measures.pop()), named(/codebook-ids\.json: codebook measure hygiene_disinfection is missing/));
});

test('files on disk: invalid JSON and a missing file are named; a partial load works', () => {
  const dir = copyOfTaxonomy();
  try {
    writeFileSync(join(dir, 'isolation.json'), '{"category": ');
    assert.throws(() => loadTaxonomyFrom(dir), named(/taxonomy isolation\.json: invalid JSON/));
    rmSync(join(dir, 'isolation.json'));
    assert.throws(() => loadTaxonomyFrom(dir), named(/taxonomy isolation\.json: cannot read/));
    // A taxonomy under construction: only some category files, no codebook check.
    for (const c of ['community', 'venues', 'health', 'governance']) rmSync(join(dir, `${c}.json`));
    const partial = loadTaxonomyFrom(dir, { partial: true });
    assert.deepEqual(partial.categories.map((c) => c.id), ['entry', 'testing']);
    assert.ok(matchUnit('p', '各村设立卡点，开展核酸检测', partial).length >= 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an in-memory taxonomy builds without the codebook check', () => {
  const { source } = readTaxonomyFiles();
  const mini = {
    category: { id: 'mini', zh: '小', en: 'Mini' },
    measures: [
      {
        id: 'bell', zh: '铃', en: 'Bell', definition: 'A bell rings.', oxcgrt: null, phsm: null,
        cues: ['铃声'], examples: { match: ['听到铃声'], nomatch: ['门铃'], lifted: ['取消铃声'] },
      },
    ],
  };
  const status = { ...(source.files['status.json'] as object), modes: { general: ['bell'] } };
  const t = buildTaxonomy({ files: { 'mini.json': mini, 'status.json': status } }, 'test', { requireCodebook: false });
  assert.deepEqual(t.measures.map((m) => m.id), ['bell']);
  assert.deepEqual(matchUnit('u', '上课铃声响了', t).map((m) => [m.measureId, m.status]), [['bell', 'in_force']]);
  // The same data with the codebook check fails, naming the file.
  assert.throws(() => buildTaxonomy({ files: { 'mini.json': mini, 'status.json': status } }), named(/codebook-ids\.json: missing/));
});
