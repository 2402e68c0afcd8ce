import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { detectScript, stripPinyin, toSimplified } from '../src/script.ts';
import { generatedDir, seedsDir } from '../src/paths.ts';

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

test('detection counts each telling character once, in the first 4000 code units, like a plain Set count', () => {
  const chars = JSON.parse(readFileSync(join(generatedDir, 'script-chars.json'), 'utf8')) as { traditional: string; simplified: string };
  const trad = new Set(chars.traditional);
  const simp = new Set(chars.simplified);
  const reference = (text: string) => {
    const seen = new Set(text.slice(0, 4000));
    const t = [...seen].filter((c) => trad.has(c)).length;
    const s = [...seen].filter((c) => simp.has(c)).length;
    return t >= 3 && t > s * 2 ? 'traditional' : 'simplified';
  };
  // Characters of either list (some at bit 31 of their word), neutral ones, ASCII and surrogates.
  const pick = (s: string) => [...s].filter((_, i) => i % 37 === 0).slice(0, 40);
  const edge = [...chars.traditional, ...chars.simplified].filter((c) => (c.charCodeAt(0) & 31) === 31).slice(0, 10);
  const unit = fc.constantFrom(...pick(chars.traditional), ...pick(chars.simplified), ...edge, '的', '疫', '情', 'a', '，', '\ud842', '\udfb7');
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 60 }), fc.nat(5000), (text, pad) => {
      assert.equal(detectScript(text), reference(text));
      const padded = '情'.repeat(pad) + text; // the telling part past, or straddling, the first 4000
      assert.equal(detectScript(padded), reference(padded));
    }),
    { numRuns: 3000 },
  );
});

test('the bracket search lets every annotation through: same as the annotation pattern on its own', () => {
  const PINYIN = /(\p{Script=Han})[(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*|[a-zü]{1,6}[1-5])[)）]/gu;
  const piece = fc.constantFrom('領', '導', '疫', '(', ')', '（', '）', 'lǐng', 'dǎo', 'yì', 'fang2', 'a', 'A', 'ü', '村', '2', ' ', '。');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
      const text = parts.join('');
      assert.equal(stripPinyin(text), text.replace(PINYIN, '$1'));
    }),
    { numRuns: 3000 },
  );
});
