import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentLines } from '../src/segment.ts';
import type { Place } from '../src/types.ts';

const place = (name: string, code: string): Place => ({ name, code, prefecture: '新乡市', province: '河南省', level: 'county' });
const known: Record<string, Place> = { 卫辉市: place('卫辉市', '410781'), 辉县市: place('辉县市', '410782'), 新乡县: place('新乡县', '410721') };
const resolver = (line: string) => known[line];

test('a bulletin splits at its jurisdiction headings and drops the preface', () => {
  const lines = [
    '新乡人,2月12日各县市区疫情防控工作向您报告',
    '当前,疫情防控工作正处于最关键时期。',
    '卫辉市',
    '【领导动态】2月12日,卫辉市委书记梁常运到达新源包装材料调研企业复工复产情况。',
    '辉县市',
    '【经验做法】辉县市纪委监委24个督导组通过突击暗访疫情防控卡点。',
    '新乡县',
    '新乡县启用警用无人机进行空中巡查。',
  ];
  const s = segmentLines(lines, resolver);
  assert.deepEqual(
    s.map((x) => [x.heading, x.startLine, x.endLine]),
    [
      ['卫辉市', 2, 4],
      ['辉县市', 4, 6],
      ['新乡县', 6, 8],
    ],
  );
});

test('a report naming one jurisdiction, or a long line starting with a name, is one section', () => {
  const one = ['卫辉市', '卫辉市召开疫情防控工作会议。'];
  assert.deepEqual(segmentLines(one, resolver), [{ startLine: 0, endLine: 2 }]);
  const prose = ['卫辉市召开疫情防控工作会议', '辉县市纪委监委24个督导组通过突击暗访疫情防控卡点,实地走访企业。'];
  assert.deepEqual(segmentLines(prose, (l) => known[l.slice(0, 3)]), [{ startLine: 0, endLine: 2 }]);
});
