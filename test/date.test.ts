import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { dateResolver, findDates, inferYear, loadYearCues, parsePublished, resolveDates, visitDates } from '../src/date.ts';

test('published date from the page metadata line', () => {
  assert.equal(parsePublished('来源:民声法治网 人气:5531 发布时间:2021-1-9'), '2021-01-09');
  assert.equal(parsePublished('2020-02-22 08:00:00 来源:原阳县人民政府 作者:发布时间'), '2020-02-22');
  assert.equal(parsePublished('发布时间: 2022-11-11 | 来源: 黄河新闻网长治频道'), '2022-11-11');
  assert.equal(parsePublished('發佈時間：2022年3月5日'), '2022-03-05');
});

test('event date: the first date of the body, its year from publication', () => {
  const d = resolveDates({ title: '县新冠肺炎疫情防控指挥部召开工作例会', body: '2月21日上午,县新型冠状病毒肺炎疫情防控指挥部召开工作例会。自2月21日零时起,恢复公共交通。', publishedLine: '2020-02-22 08:00:00 来源:原阳县人民政府' });
  assert.deepEqual(d, { eventDate: '2020-02-21', publishedDate: '2020-02-22', year: 2020, yearSource: 'published' });
});

test('a day whose month digit was lost takes the publication month', () => {
  const d = resolveDates({ title: '河北邯郸:邱县召开疫情防控工作调度会议', body: '月8日上午,我县在市民中心会堂召开全县开疫情防控工作调度会议。', publishedLine: '发布时间:2021-1-9' });
  assert.equal(d.eventDate, '2021-01-08');
});

test('a December meeting reported in January belongs to the year before', () => {
  const d = resolveDates({ title: '县委召开疫情防控会议', body: '12月30日上午,县委召开疫情防控工作会议。', publishedLine: '发布时间:2021-01-09' });
  assert.deepEqual(d, { eventDate: '2020-12-30', publishedDate: '2021-01-09', year: 2020, yearSource: 'published' });
});

test('a headline date dates every section of a bulletin', () => {
  const d = resolveDates({ title: '新乡人,2月12日各县市区疫情防控工作向您报告', body: '长垣市\n【领导动态】2月11日晚间,长垣市委书记参加新闻发布会。支援湖北医疗队', sectionText: '【领导动态】2月11日晚间,长垣市委书记参加新闻发布会。' });
  assert.equal(d.eventDate, '2020-02-12');
});

test('no year anywhere: inferred from dated vocabulary, and the cue is recorded', () => {
  const d = resolveDates({ title: '我市召开新冠肺炎疫情防控工作会议', body: '5月4日中午,我市召开会议。卫健部门要加密27类重点人群“抗原+核酸”检测频次。以优异成绩迎接党的二十大胜利召开。' });
  assert.equal(d.eventDate, '2022-05-04');
  assert.equal(d.year, 2022);
  assert.match(d.yearSource, /^inferred:(抗原|二十大)$/);
  assert.deepEqual(inferYear('李晖登门看望慰问支援湖北医疗队成员家属,审慎做好复工复产工作', 2), { year: 2020, cue: '支援湖北' });
  assert.equal(inferYear('加快推进新冠疫苗接种,做到应接尽接', 6)?.year, 2021);
  assert.deepEqual(resolveDates({ title: '会议', body: '会议要求做好防控。' }), { yearSource: 'unknown' });
});

test('stated years and Chinese numerals', () => {
  assert.deepEqual(resolveDates({ title: '通告', body: '二〇二〇年二月二十一日,会议召开。' }), { eventDate: '2020-02-21', publishedDate: undefined, year: 2020, yearSource: 'stated' });
  assert.equal(resolveDates({ title: '通告', body: '自2020年3月20日起,全市公交恢复运营。' }).eventDate, '2020-03-20');
});

test('a broken year-cue file fails loudly, naming file and cue', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cues-'));
  const file = join(dir, 'year-cues.json');
  writeFileSync(file, JSON.stringify({ cues: [{ text: '抗原', from: '2022-3', to: '2022-12', weight: 3 }] }));
  assert.throws(() => loadYearCues(file), /year-cues\.json: cue 1 \("抗原"\): "from" must be YYYY-MM/);
  writeFileSync(file, JSON.stringify({ cues: [{ text: '奥密克戎', from: '2022-12', to: '2021-12', weight: 4 }] }));
  assert.throws(() => loadYearCues(file), /"from" is after "to"/);
});

test('reading a text a piece at a time finds the dates a whole scan finds, in the same order', () => {
  // Long texts with dates of every kind, some split around 。 and line breaks, many pieces long.
  const part = fc.oneof(
    fc.constantFrom('2021年1月9日', '二〇二二年三月五日', '2020-02-22', '12月30日', '月8日', '3月', '年', '。', '。月8日', ',月8日', '，月8日', '\n', '，', ',', '至', '日'),
    fc.string({ unit: fc.constantFrom('疫', '情', '防', '控', '1', '2', ' ', '。', ','), maxLength: 90 }),
  );
  fc.assert(
    fc.property(fc.array(part, { maxLength: 80 }), (parts) => {
      const text = parts.join('');
      const seen: unknown[] = [];
      visitDates(text, (f) => void seen.push(f) || false);
      assert.deepEqual(seen, findDates(text));
    }),
    { numRuns: 500 },
  );
  // A date right at a piece's end: the 。 that ends a piece also opens 月8日 (a lost month digit).
  for (let n = 50; n < 400; n += 7) {
    const text = `${'疫'.repeat(n)}。月8日，${'控'.repeat(n)},月9日${'控'.repeat(n)}。2021年1月9日`;
    const seen: unknown[] = [];
    visitDates(text, (f) => void seen.push(f) || false);
    assert.deepEqual(seen, findDates(text), `after ${n} characters`);
  }
});

test('a written date is found exactly when it is a day of the calendar (leap years included)', () => {
  const real = (y: number, m: number, d: number) => {
    const t = new Date(Date.UTC(y, m - 1, d));
    return m >= 1 && m <= 12 && d >= 1 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  };
  fc.assert(
    fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
      const found = findDates(`会议于${y}年${m}月${d}日召开`).filter((f) => f.y);
      assert.equal(found.length, real(y, m, d) ? 1 : 0, `${y}-${m}-${d}`);
    }),
    { numRuns: 3000 },
  );
  for (const [y, ok] of [[2000, true], [2020, true], [2021, false], [2100, false]] as const) {
    assert.equal(findDates(`${y}-02-29`).length, ok ? 1 : 0, `${y}-02-29`);
  }
});

test('one resolver per document gives each bulletin section what resolveDates gives it', () => {
  const title = '陇南各县市区疫情防控工作动态';
  const body = '陇南各县市区疫情防控工作动态\n成县\n8月8日,刘伟传达了会议精神。\n文县\n据悉,当日召开会议。\n康县\n月9日上午,县委召开会议。';
  const sections = ['8月8日,刘伟传达了会议精神。', '据悉,当日召开会议。', '月9日上午,县委召开会议。', undefined];
  for (const publishedLine of ['发布时间:2022-08-10', undefined]) {
    const datesOf = dateResolver({ title, body, publishedLine });
    for (const sectionText of sections) assert.deepEqual(datesOf(sectionText), resolveDates({ title, body, publishedLine, sectionText }));
  }
});
