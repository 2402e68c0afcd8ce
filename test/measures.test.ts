// The taxonomy as data: it loads, its own examples hold per measure family, a broken file fails
// loudly, and the matcher's leftmost-longest, context and lift rules behave on real sentences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTaxonomy, loadTaxonomy, readTaxonomyFiles, TaxonomyError } from '../src/taxonomy.ts';
import { matchUnit } from '../src/match.ts';
import { toSimplified } from '../src/script.ts';

const tax = loadTaxonomy();
const found = (text: string) => matchUnit('t', text);
const ids = (text: string) => new Set(found(text).map((m) => m.measureId));
const statusOf = (text: string, id: string) => new Set(found(text).filter((m) => m.measureId === id).map((m) => m.status));

test('the taxonomy holds every codebook id in 7 categories with crosswalk fields', () => {
  assert.equal(tax.categories.length, 7);
  assert.equal(tax.measures.length, 38);
  for (const m of tax.measures) {
    assert.ok(m.zh && m.en && m.definition, m.id);
    assert.ok(m.examples.match.length > 0, `${m.id} has match examples`);
  }
  assert.equal(tax.measureById.get('checkpoint')!.oxcgrt, 'C7');
  assert.match(tax.version, /^[0-9a-f]{16}$/);
});

// One test per category: each measure's own examples, in Simplified and as Traditional text
// converted the way documents are.
for (const cat of tax.categories) {
  test(`measure family ${cat.id}: examples match, traps do not, lifts are lifted`, () => {
    for (const m of tax.measures.filter((x) => x.category === cat.id)) {
      for (const s of m.examples.match) assert.ok(ids(s).has(m.id), `${m.id} should match: ${s}`);
      for (const s of m.examples.nomatch) assert.ok(!ids(s).has(m.id), `${m.id} should not match: ${s}`);
      for (const s of m.examples.lifted) assert.ok(statusOf(s, m.id).has('lifted'), `${m.id} should be lifted: ${s}`);
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
});

test('leftmost-longest: a negative swallows the cue inside it', () => {
  assert.ok(!ids('党员干部每天到村委会打卡点名').has('checkpoint'));
  assert.ok(ids('党员干部每天到卡点值守').has('checkpoint'));
  assert.ok(!ids('严防引发聚集性疫情').has('gathering_restriction'));
  assert.ok(ids('严防人员聚集').has('gathering_restriction'));
  assert.ok(!ids('扫码关注中国小康网公众号').has('health_code'));
});

test('one cue can prove two measures; context cues need their context', () => {
  const m = ids('严格落实“落地核酸+点对点转运+精准赋码+分类管控”,做好货车司机服务保障');
  assert.ok(m.has('closed_loop_trucking') && m.has('nucleic_acid_testing') && m.has('health_code'));
  assert.ok(!m.has('closed_loop_management'), 'point-to-point near freight is freight control');
  const workers = ids('重点企业员工实行闭环管理,两点一线');
  assert.ok(workers.has('closed_loop_management') && !workers.has('closed_loop_trucking'));
});

test('evidence is the sentence, offsets point at the cue', () => {
  const text = '会议要求加强宣传。各乡镇要全面排查返乡人员;严格落实居家隔离。';
  for (const m of found(text)) {
    assert.equal(text.slice(m.sentenceStart, m.sentenceStart + m.sentence.length), m.sentence);
    assert.ok(m.sentence.includes(text.slice(m.start, m.end)));
    assert.ok(!/[。;]/.test(m.sentence.slice(0, -1)), `one sentence: ${m.sentence}`);
  }
  const q = found(text).find((m) => m.measureId === 'home_quarantine')!;
  assert.equal(text.slice(q.start, q.end), '居家隔离');
});

test('lift words lift the measure they govern, not their neighbours', () => {
  const s = '自2月21日零时起,恢复新乡市市内公共交通,市域内县际客运班线运营;高速道路、县乡道路卡点取消。';
  assert.ok(statusOf(s, 'public_transport').has('lifted'));
  assert.deepEqual(statusOf(s, 'checkpoint'), new Set(['lifted']));
  // Cancelling gatherings is a gathering restriction in force, and the checkpoint stays.
  const t = '取消聚集性活动,继续保持卡点值守。';
  assert.deepEqual(statusOf(t, 'gathering_restriction'), new Set(['in_force']));
  assert.deepEqual(statusOf(t, 'checkpoint'), new Set(['in_force']));
  // The lift ends at the clause: the quarantine is lifted, the monitoring that follows is not.
  const u = '隔离期满后解除集中隔离,继续居家健康监测7天。';
  assert.deepEqual(statusOf(u, 'centralized_quarantine'), new Set(['lifted']));
  assert.deepEqual(statusOf(u, 'home_quarantine'), new Set(['in_force']));
  // A lift word that is negated or conditional lifts nothing.
  assert.deepEqual(statusOf('各地不得擅自取消卡点。', 'checkpoint'), new Set(['in_force']));
  assert.deepEqual(statusOf('在国家没有宣布疫情防控各项举措完全解除的前提下,要加强小区管控。', 'compound_management'), new Set(['in_force']));
  // 恢复 only lifts a suspended service: resuming production is work resumption, in force.
  assert.deepEqual(statusOf('有序恢复生产,企业复工率达到90%。', 'work_resumption'), new Set(['in_force']));
  assert.deepEqual(statusOf('全县餐饮门店恢复营业。', 'business_closure'), new Set(['lifted']));
  assert.deepEqual(statusOf('城区公交线路暂停运营。', 'public_transport'), new Set(['in_force']));
  // A lift reaches coordinated objects, and 不再 lifts what follows it.
  assert.deepEqual(statusOf('自2020年3月20日起,全市公交、出租车恢复运营。', 'public_transport'), new Set(['lifted']));
  const ten = '取消跨区域流动查验健康码和核酸检测阴性证明,不再开展全员核酸检测,撤除所有交通卡口。';
  for (const id of ['health_code', 'health_certificate', 'mass_testing', 'checkpoint']) assert.deepEqual(statusOf(ten, id), new Set(['lifted']), id);
});

test('fever drugs count as sales control only where their sale is controlled', () => {
  assert.ok(ids('要求所有药品零售药店立即暂停销售“退烧、止咳”类药品,全部下架封存').has('drug_sales_control'));
  assert.ok(!ids('要做好退烧药、感冒药等药品储备,加强发热门诊建设').has('drug_sales_control'));
  assert.ok(ids('要做好退烧药、感冒药等药品储备,加强发热门诊建设').has('supply_stockpile'));
});

function withFile(name: string, edit: (data: any) => void) {
  const { source } = readTaxonomyFiles();
  const files = structuredClone(source.files) as Record<string, any>;
  edit(files[name]);
  return () => buildTaxonomy({ files });
}

test('a broken taxonomy fails loudly, naming file, measure and cue', () => {
  assert.throws(withFile('entry.json', (d) => d.measures[1].id = 'checkpoint'), (e: Error) => e instanceof TaxonomyError && /entry\.json.*checkpoint.*duplicate/.test(e.message));
  assert.throws(withFile('testing.json', (d) => d.measures[0].cues.push('')), /testing\.json, measure nucleic_acid_testing: "cues" has an empty/);
  assert.throws(withFile('venues.json', (d) => d.measures[0].examples.match.push('今天天气很好')), /venues\.json, measure venue_controls: example "今天天气很好" should match/);
  assert.throws(withFile('entry.json', (d) => d.measures[0].examples.nomatch.push('设立卡点')), /should not match but cue "卡点" fires/);
  assert.throws(withFile('entry.json', (d) => (d.measures[0].colour = 'red')), /unknown field "colour"/);
  assert.throws(withFile('health.json', (d) => d.measures.pop()), /codebook measure hygiene_disinfection is missing/);
  assert.throws(withFile('isolation.json', (d) => d.measures[0].cues.push('…隔离')), /gap \(…\) must stand between two words/);
});
