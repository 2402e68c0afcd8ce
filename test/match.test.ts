// The matcher: leftmost-longest with negatives, cues shared by several measures, context cues,
// offsets and evidence sentences, deterministic order, and the lift rules: a lift word lifts the
// measure it governs, never a neighbour in the same sentence, and not when negated or hypothetical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildTaxonomy, loadTaxonomy, readTaxonomyFiles, type Taxonomy } from '../src/taxonomy.ts';
import { matchUnit } from '../src/match.ts';
import { seedsDir } from '../src/paths.ts';
import type { Mention } from '../src/types.ts';
import { toSimplified } from '../src/script.ts';

const tax = loadTaxonomy();
const found = (text: string) => matchUnit('t', text);
const ids = (text: string) => new Set(found(text).map((m) => m.measureId));
const statusOf = (text: string, id: string) => new Set(found(text).filter((m) => m.measureId === id).map((m) => m.status));

// A small taxonomy for the engine's own rules, independent of the lexicon.
function mini(): Taxonomy {
  const m = (id: string, extra: object) => ({ id, zh: id, en: id, definition: id, oxcgrt: null, phsm: null, ...extra });
  const data = {
    category: { id: 'mini', zh: '小', en: 'Mini' },
    measures: [
      m('gate', { cues: ['卡点', '卡点值守'], context: [{ cues: ['守卡'], near: ['路口'], window: 4 }], negatives: ['打卡点'], examples: { match: ['卡点'] } }),
      m('test', { cues: ['核酸', '落地核酸'], examples: { match: ['核酸'] } }),
      m('truck', { cues: ['落地核酸', '货车司机'], context: [{ cues: ['闭环'], near: ['货车'], window: 6 }], examples: { match: ['货车司机'] } }),
      m('rule', { cues: ['不允许…入市'], examples: { match: ['不允许车辆入市'] } }),
      m('bus', { cues: ['公交'], examples: { match: ['公交'] } }),
    ],
  };
  const status = { ...(readTaxonomyFiles().source.files['status.json'] as object), modes: { general: ['gate', 'test'], resume: ['bus'] } };
  return buildTaxonomy({ files: { 'mini.json': data, 'status.json': status } }, 'mini', { requireCodebook: false });
}
const M = mini();
const on = (text: string) => matchUnit('m', text, M).map((x) => `${x.measureId}:${x.cue}:${x.start}-${x.end}:${x.status}`);

test('leftmost-longest: the longest pattern at the leftmost position wins; a negative swallows its cue', () => {
  assert.deepEqual(on('卡点值守'), ['gate:卡点值守:0-4:in_force']);
  assert.deepEqual(on('每天打卡点名'), []);
  assert.deepEqual(on('打卡点外设卡点'), ['gate:卡点:5-7:in_force']);
  // A gap cue spans its gap; cues inside the gap are still found.
  assert.deepEqual(on('不允许公交入市'), ['rule:不允许…入市:0-7:in_force', 'bus:公交:3-5:in_force']);
  // The real lexicon: the same rule keeps metaphors and names out.
  assert.ok(!ids('党员干部每天到村委会打卡点名').has('checkpoint'));
  assert.ok(ids('党员干部每天到卡点值守').has('checkpoint'));
  assert.ok(!ids('扫码关注中国小康网公众号').has('health_code'));
  assert.ok(!ids('滑县道口镇召开疫情防控工作会议').has('checkpoint'));
  assert.ok(!ids('开展安全生产隐患大排查').has('population_screening'));
  assert.ok(!ids('追根溯源，查找问题').has('contact_tracing'));
});

test('one cue can prove several measures, each once, in taxonomy order', () => {
  assert.deepEqual(on('落实落地核酸'), ['test:落地核酸:2-6:in_force', 'truck:落地核酸:2-6:in_force']);
  const m = ids('严格落实“落地核酸+点对点转运+精准赋码+分类管控”,做好货车司机服务保障');
  assert.ok(m.has('closed_loop_trucking') && m.has('nucleic_acid_testing') && m.has('health_code'));
  assert.ok(!m.has('closed_loop_management'), 'point-to-point near freight is freight control');
  const both = ids('查验“两码一证”');
  assert.ok(both.has('health_code') && both.has('health_certificate'));
  const mass = ids('开展第一轮全员核酸检测');
  assert.ok(mass.has('mass_testing') && mass.has('nucleic_acid_testing'));
});

test('context cues count only with their context and not with their vetoes', () => {
  assert.deepEqual(on('货车闭环'), ['truck:闭环:2-4:in_force']);
  // A context cue out of context swallows nothing: the cue inside it is still found.
  assert.deepEqual(on('路口守卡'), ['gate:守卡:2-4:in_force']);
  assert.deepEqual(on('坚守卡点'), ['gate:卡点:2-4:in_force']);
  assert.deepEqual(on('取消休假坚守卡点'), ['gate:卡点:6-8:in_force'], 'the lift governs 休假, not the checkpoint');
  assert.deepEqual(on('工作闭环'), []);
  assert.ok(ids('重点企业员工实行闭环管理,两点一线').has('closed_loop_management'));
  assert.ok(!ids('对反映的问题实行闭环管理，限时办结').has('closed_loop_management'));
  assert.ok(!ids('严格落实货运卡车、司乘人员闭环管理要求').has('closed_loop_management'));
  assert.ok(ids('所有小区实行封闭式管理，人员凭证出入').has('compound_management'));
  assert.ok(!ids('学校实行封闭管理，严禁校外人员进入').has('compound_management'));
  // A risk area is a designation here, a place people come from there.
  assert.ok(ids('全县现有高风险区3个、中风险区5个').has('risk_zoning'));
  assert.ok(!ids('从高风险区返回的人员须主动报备').has('risk_zoning'));
  assert.ok(!ids('全面排查郑州、许昌、上海等中高风险地区来舞返舞人员信息').has('risk_zoning'));
  // 足不出户 is a lockdown when ordered, a convenience when services come online.
  assert.ok(ids('全市居民足不出户，每户每两天可派一人外出采购').has('lockdown'));
  assert.ok(!ids('群众只需要通过手机扫描二维码,即可足不出户完成秒登信息').has('lockdown'));
  // Fever drugs count as sales control only where their sale is controlled.
  assert.ok(ids('要求所有药品零售药店立即暂停销售“退烧、止咳”类药品,全部下架封存').has('drug_sales_control'));
  assert.ok(!ids('要做好退烧药、感冒药等药品储备,加强发热门诊建设').has('drug_sales_control'));
  assert.ok(ids('要做好退烧药、感冒药等药品储备,加强发热门诊建设').has('supply_stockpile'));
  assert.ok(ids('党员干部在村口轮流值班值守').has('checkpoint'));
  assert.ok(!ids('坚守防控一线，值守在岗').has('checkpoint'));
});

function checkMentions(text: string, ms: Mention[]): void {
  let last = -1;
  for (const m of ms) {
    assert.equal(text.slice(m.sentenceStart, m.sentenceStart + m.sentence.length), m.sentence, 'sentence is a substring at sentenceStart');
    assert.ok(m.sentenceStart <= m.start && m.end <= m.sentenceStart + m.sentence.length, 'the hit lies in its sentence');
    assert.ok(m.start < m.end, 'non-empty hit');
    assert.ok(!/[。！？；!?;\n]/.test(m.sentence.slice(0, -1)), `one sentence: ${JSON.stringify(m.sentence)}`);
    assert.ok(m.start >= last, 'ordered by offset');
    last = m.start;
  }
}

test('evidence is the sentence holding the hit, and offsets point at the cue', () => {
  const text = '会议要求加强宣传。\n  各乡镇要全面排查返乡人员;严格落实居家隔离！对密接者实行集中隔离';
  const ms = found(text);
  checkMentions(text, ms);
  const q = ms.find((m) => m.measureId === 'home_quarantine')!;
  assert.equal(text.slice(q.start, q.end), '居家隔离');
  assert.equal(q.sentence, '严格落实居家隔离！');
  const c = ms.find((m) => m.measureId === 'centralized_quarantine')!;
  assert.equal(c.sentence, '对密接者实行集中隔离', 'the last sentence runs to the end of the text');
  const s = ms.find((m) => m.measureId === 'population_screening')!;
  assert.equal(s.sentence, '各乡镇要全面排查返乡人员;', 'leading blanks are not evidence');
  assert.equal(s.unitId, 't');
  assert.equal(s.category, 'testing');
});

test('offsets and sentences hold for any text (property)', () => {
  const parts = ['卡点', '取消', '核酸检测', '，', '。', '\n', '；', '居家隔离', '打卡点', '解除', '不允许', '入市', '的', '公交', '恢复', '闭环管理', '货车', '、', ' ', '“', 'a'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 30 }), (xs) => {
      const text = xs.join('');
      const a = matchUnit('p', text);
      checkMentions(text, a);
      assert.deepEqual(matchUnit('p', text), a, 'deterministic');
    }),
    { numRuns: 300 },
  );
});

test('order: by offset, then taxonomy order', () => {
  const ms = found('严格落实“落地核酸+点对点转运”');
  const at = ms.filter((m) => m.cue === '落地核酸').map((m) => m.measureId);
  assert.deepEqual(at, ['nucleic_acid_testing', 'closed_loop_trucking']);
});

test('a lift word governs a cue right after it or just before it, in the same clause', () => {
  assert.deepEqual(on('卡点取消'), ['gate:卡点:0-2:lifted']);
  assert.deepEqual(on('卡点的取消'), ['gate:卡点:0-2:lifted']);
  assert.deepEqual(on('卡点自即日起撤除'), ['gate:卡点:0-2:lifted']);
  assert.deepEqual(on('取消全部卡点'), ['gate:卡点:4-6:lifted']);
  assert.deepEqual(on('取消聚餐，卡点继续'), ['gate:卡点:5-7:in_force'], 'a clause break ends the lift');
  assert.deepEqual(on('取消卡点和核酸'), ['gate:卡点:2-4:lifted', 'test:核酸:5-7:lifted'], 'coordinated objects');
  assert.deepEqual(on('解除卡点后继续核酸'), ['gate:卡点:2-4:lifted', 'test:核酸:7-9:in_force'], 'another cue between, not coordinated');
  assert.deepEqual(on('恢复公交'), ['bus:公交:2-4:lifted']);
  assert.deepEqual(on('取消公交'), ['bus:公交:2-4:in_force'], 'a suspended service is resumed, not cancelled');
  assert.deepEqual(on('恢复卡点'), ['gate:卡点:2-4:in_force'], '恢复 lifts only suspensions');
  assert.deepEqual(on('货车司机取消'), ['truck:货车司机:0-4:in_force'], 'a measure in no mode takes no lift word');
});

test('negated, hypothetical and finished lifts lift nothing', () => {
  assert.deepEqual(on('不得擅自取消卡点'), ['gate:卡点:6-8:in_force']);
  assert.deepEqual(on('卡点暂不取消'), ['gate:卡点:0-2:in_force']);
  assert.deepEqual(on('待疫情结束后取消卡点'), ['gate:卡点:8-10:in_force']);
  assert.deepEqual(on('核酸结束后撤离'), ['test:核酸:0-2:in_force']);
  assert.deepEqual(on('解除卡点前须核酸'), ['gate:卡点:2-4:in_force', 'test:核酸:6-8:in_force']);
});

test('lift rules on real report sentences', () => {
  // 000: the county resumes transport and drops checkpoints in one sentence.
  const s = '自2月21日零时起,恢复新乡市市内公共交通,市域内县际客运班线运营;高速道路、县乡道路卡点取消。';
  assert.ok(statusOf(s, 'public_transport').has('lifted'));
  assert.deepEqual(statusOf(s, 'checkpoint'), new Set(['lifted']));
  assert.deepEqual(statusOf('王明永强调,相关一线卡点的取消,意味着从现在开始,城市小区、社区、广大农村直接冲在了最前线。', 'checkpoint'), new Set(['lifted']));
  // Cancelling gatherings is a gathering restriction in force, and the checkpoint stays.
  const t = '取消聚集性活动,继续保持卡点值守。';
  assert.deepEqual(statusOf(t, 'gathering_restriction'), new Set(['in_force']));
  assert.deepEqual(statusOf(t, 'checkpoint'), new Set(['in_force']));
  // The lift ends at the clause, and at another cue: quarantine lifted, monitoring in force.
  const u = '隔离期满后解除集中隔离,继续居家健康监测7天。';
  assert.deepEqual(statusOf(u, 'centralized_quarantine'), new Set(['lifted']));
  assert.deepEqual(statusOf(u, 'home_quarantine'), new Set(['in_force']));
  const v = '解除集中隔离的人员要进行居家健康监测。';
  assert.deepEqual(statusOf(v, 'centralized_quarantine'), new Set(['lifted']));
  assert.deepEqual(statusOf(v, 'home_quarantine'), new Set(['in_force']));
  // A lift word that is negated or conditional lifts nothing.
  assert.deepEqual(statusOf('各地不得擅自取消卡点。', 'checkpoint'), new Set(['in_force']));
  assert.deepEqual(statusOf('在国家没有宣布疫情防控各项举措完全解除的前提下,要加强小区管控。', 'compound_management'), new Set(['in_force']));
  assert.deepEqual(statusOf('在疫情防控形势没有根本好转之前，各卡点不得撤除。', 'checkpoint'), new Set(['in_force']));
  assert.deepEqual(statusOf('各小区在未接到通知前不得擅自解封。', 'lockdown'), new Set(['in_force']));
  assert.deepEqual(statusOf('何时解除封控将根据疫情形势确定。', 'lockdown'), new Set(['in_force']));
  assert.deepEqual(statusOf('在解除集中隔离前须进行两次核酸检测。', 'centralized_quarantine'), new Set(['in_force']));
  assert.deepEqual(statusOf('全员核酸检测结束后，将根据结果决定是否解除静态管理。', 'mass_testing'), new Set(['in_force']));
  assert.deepEqual(statusOf('全员核酸检测结束后，将根据结果决定是否解除静态管理。', 'lockdown'), new Set(['in_force']));
  // 恢复 only lifts a suspended service: resuming production is work resumption, in force.
  assert.deepEqual(statusOf('有序恢复生产,企业复工率达到90%。', 'work_resumption'), new Set(['in_force']));
  assert.deepEqual(statusOf('全县餐饮门店恢复营业。', 'business_closure'), new Set(['lifted']));
  assert.deepEqual(statusOf('城区公交线路暂停运营。', 'public_transport'), new Set(['in_force']));
  assert.ok(!ids('全县景区恢复运营，实行限流预约。').has('public_transport'), 'resuming is no transport cue by itself');
  // A lift reaches coordinated objects, across a neutral verb and a date.
  assert.deepEqual(statusOf('自2020年3月20日起,全市公交、出租车恢复运营。', 'public_transport'), new Set(['lifted']));
  assert.deepEqual(statusOf('3月25日起，县城至各乡镇客运班线全部恢复运营。', 'public_transport'), new Set(['lifted']));
  assert.deepEqual(statusOf('县城公交于3月1日起恢复，乘客须佩戴口罩。', 'public_transport'), new Set(['lifted']));
  const ten = '取消跨区域流动查验健康码和核酸检测阴性证明,不再开展全员核酸检测,撤除所有交通卡口。';
  for (const id of ['health_code', 'health_certificate', 'mass_testing', 'checkpoint']) assert.deepEqual(statusOf(ten, id), new Set(['lifted']), id);
  const tenB = '不再对跨区域流动人员查验核酸检测阴性证明和健康码。';
  for (const id of ['health_code', 'health_certificate']) assert.deepEqual(statusOf(tenB, id), new Set(['lifted']), id);
  // Risk areas: lowered is lifted; an origin is no designation at all.
  assert.deepEqual(statusOf('经研判，将我县城区风险等级调整为低风险区。', 'risk_zoning'), new Set(['lifted']));
  assert.deepEqual(statusOf('全县所有中风险区全部解除。', 'risk_zoning'), new Set(['lifted']));
  assert.deepEqual(statusOf('解除全域静态管理，有序恢复正常生产生活秩序。', 'lockdown'), new Set(['lifted']));
  // A lift right after a cue of another clause's object does not leak: the checkpoint stays.
  assert.deepEqual(statusOf('卡点撤除后，村（社区）要继续做好外来人员登记。', 'population_screening'), new Set(['in_force']));
});

test('the seed reports: lifts where the text lifts, in force elsewhere', () => {
  const text = readFileSync(join(seedsDir, '000_eafe1f63b57826f3.txt'), 'utf8');
  const ms = matchUnit('000', text);
  checkMentions(text, ms);
  const lifted = new Set(ms.filter((m) => m.status === 'lifted').map((m) => m.measureId));
  assert.deepEqual([...lifted].sort(), ['checkpoint', 'public_transport']);
  for (const f of ['001_25b65dffd8786ce5.txt', '003_466bd0b2d4ad3475.txt', '004_332c5de4ceb30aae.txt']) {
    const t = readFileSync(join(seedsDir, f), 'utf8');
    const m = matchUnit(f, t);
    checkMentions(t, m);
    assert.deepEqual(m.filter((x) => x.status === 'lifted').map((x) => `${x.measureId} ${x.sentence}`), [], `${f} lifts nothing`);
  }
});

test('report-style sentences: the entry, testing and isolation measures a coder finds, with status', () => {
  const mine = new Set(tax.measures.filter((m) => ['entry', 'testing', 'isolation'].includes(m.category)).map((m) => m.id));
  const lines = readFileSync(new URL('fixtures/measure-sentences.tsv', import.meta.url), 'utf8').split('\n');
  const wrong: string[] = [];
  let n = 0;
  for (const line of lines) {
    if (!line.trim() || line.startsWith('#')) continue;
    n++;
    const [raw, expect = ''] = line.split('\t');
    const text = toSimplified(raw);
    const want = new Map(expect.split(',').filter(Boolean).map((t) => [t.replace(/[!?]$/, ''), t.at(-1) === '!' ? 'lifted' : t.at(-1) === '?' ? 'either' : 'in_force']));
    const got = new Map<string, Set<string>>();
    for (const m of matchUnit('s', text)) if (mine.has(m.measureId)) got.set(m.measureId, (got.get(m.measureId) ?? new Set()).add(m.status));
    for (const [id, st] of want) {
      if (st === 'either') continue;
      if (!got.has(id)) wrong.push(`${text}: missed ${id}`);
      else if (st === 'lifted' && !got.get(id)!.has('lifted')) wrong.push(`${text}: ${id} not lifted`);
      else if (st === 'in_force' && got.get(id)!.has('lifted')) wrong.push(`${text}: ${id} wrongly lifted`);
    }
    for (const id of got.keys()) if (!want.has(id)) wrong.push(`${text}: spurious ${id}`);
  }
  assert.ok(n > 200, `${n} sentences`);
  assert.deepEqual(wrong, []);
});

test('the bundled taxonomy is the default', () => {
  assert.deepEqual(matchUnit('x', '设立卡点', tax), matchUnit('x', '设立卡点'));
});

test('a very long unit leaves no per-unit arrays sized for it behind', async () => {
  const { retainedBytes } = await import('./fixtures/retained.ts');
  found('县里设置卡点。'); // the reused arrays at their usual size
  // 2.8 million code units: the index arrays, 16 bytes a unit (45 MiB), were kept for the next.
  const long = '县里设置卡点，开展核酸检测，第几条abcdefghij。'.repeat(100_000);
  const kept = retainedBytes(() => {
    assert.ok(found(long).length > 0);
    found('县里设置卡点。');
  });
  assert.ok(kept < 8 << 20, `${(kept / 1048576).toFixed(1)} MB kept`);
});
