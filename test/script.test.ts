import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { detectScript, stripPinyin, toSimplified } from '../src/script.ts';
import { seedsDir } from '../src/paths.ts';

test('the Traditional bulletin is detected; the Simplified seeds are not', () => {
  const got = Object.fromEntries(readdirSync(seedsDir).map((f) => [f.slice(0, 3), detectScript(readFileSync(`${seedsDir}/${f}`, 'utf8'))]));
  assert.deepEqual(got, { '000': 'simplified', '001': 'simplified', '002': 'traditional', '003': 'simplified', '004': 'simplified' });
  // A Simplified page quoting one Traditional name stays Simplified.
  assert.equal(detectScript('县委召开疫情防控工作会议,传达学习《臺灣同胞》有关精神,要求严格落实卡点值守、核酸检测等措施。'), 'simplified');
  assert.equal(detectScript('縣委召開疫情防控工作會議'), 'traditional');
});

test('conversion uses the tw and hk stages, never the vocabulary stages', () => {
  assert.equal(toSimplified('衛輝市'), '卫辉市');
  assert.equal(toSimplified('衞生'), '卫生'); // the tw stage alone leaves 衞
  assert.equal(toSimplified('行程碼'), '行程码'); // twp would make it 进程码
  assert.equal(toSimplified('健康碼'), '健康码');
  assert.equal(toSimplified('核酸檢測'), '核酸检测');
  assert.equal(toSimplified('封丘縣委書記李暉主持召開新冠肺炎疫情防控指揮部會議'), '封丘县委书记李晖主持召开新冠肺炎疫情防控指挥部会议');
});

test('conversion keeps the length of report text, so offsets line up with the original', () => {
  const trad = readFileSync(`${seedsDir}/002_0a549001378e0648.txt`, 'utf8');
  assert.equal(toSimplified(trad).length, trad.length);
});

test('pinyin annotations are stripped, real brackets stay', () => {
  assert.equal(stripPinyin('領(lǐng)導(dǎo)幹部'), '領導幹部');
  assert.equal(stripPinyin('疫（yì）情'), '疫情');
  assert.equal(stripPinyin('防控(fang2)'), '防控');
  assert.equal(stripPinyin('(李玉玺)各村(社区)要'), '(李玉玺)各村(社区)要');
  assert.equal(stripPinyin('各乡镇(街道)、村(社区)'), '各乡镇(街道)、村(社区)');
});
