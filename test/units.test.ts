// Files → documents → units, on the real seeds: bulletins split, prefaces dropped, places and
// dates resolved per unit, and the original script kept beside the Simplified text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processBytes, processEntries, processEntry, type FileResult } from '../src/corpus.ts';
import { seedsDir } from '../src/paths.ts';

const load = (f: string) => processBytes(`seeds/${f}`, readFileSync(`${seedsDir}/${f}`)) as FileResult;

test('the Xinxiang bulletin becomes fifteen units, one per heading, without its preface', () => {
  const r = load('002_0a549001378e0648.txt');
  assert.equal(r.units.length, 15);
  assert.deepEqual(r.units.map((u) => u.heading), ['衛輝市', '輝縣市', '新鄉縣', '獲嘉縣', '原陽縣', '延津縣', '封丘縣', '長垣市', '衛濱區', '紅旗區', '牧野區', '鳳泉區', '高新區', '經開區', '平原示範區']);
  assert.ok(r.units.every((u) => !u.text.includes('你的老家') && u.place?.prefecture === '新乡市'));
  const zone = r.units[12];
  assert.deepEqual([zone.place?.name, zone.place?.code], ['新乡高新技术产业开发区', '410771']);
  const changyuan = r.units[7];
  assert.equal(changyuan.place?.name, '长垣市');
  assert.equal(changyuan.eventDate, '2020-02-12', 'the headline date, not the section’s 2月11日晚间');
  assert.ok(changyuan.original.includes('輿論引導') && changyuan.text.includes('舆论引导'));
  assert.equal(changyuan.original.length, changyuan.text.length);
  assert.match(changyuan.yearSource, /^inferred:/);
});

test('a report that names its place only in the source line', () => {
  const [u] = load('000_eafe1f63b57826f3.txt').units;
  assert.deepEqual([u.place?.name, u.place?.prefecture, u.place?.province], ['原阳县', '新乡市', '河南省']);
  assert.match(u.placeEvidence!, /source/);
  assert.ok(!u.text.includes('扫码关注'));
});

test('a report with no year and no publication date: 舞钢, 2022 by inference', () => {
  const [u] = load('004_332c5de4ceb30aae.txt').units;
  assert.deepEqual([u.place?.name, u.eventDate, u.year], ['舞钢市', '2022-05-04', 2022]);
  assert.equal(u.publishedDate, undefined);
});

test('mentions point into their unit text', () => {
  const r = load('003_466bd0b2d4ad3475.txt');
  assert.equal(r.units.length, 1);
  const u = r.units[0];
  for (const m of r.mentions) assert.equal(u.text.slice(m.sentenceStart, m.sentenceStart + m.sentence.length), m.sentence);
  assert.ok(r.mentions.some((m) => m.measureId === 'closed_loop_trucking'));
  assert.ok(!r.mentions.some((m) => m.measureId === 'closed_loop_management'));
});

test('a batch gives each file what it gives alone, skips and unreadable files in their places', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-batch-'));
  try {
    writeFileSync(join(dir, 'menu.txt'), '首页 新闻中心 联系我们\n天气预报：晴\n');
    writeFileSync(join(dir, 'blank.txt'), '\n\n');
    const seeds = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).map((f) => join(seedsDir, f));
    const paths = [seeds[0], join(dir, 'menu.txt'), join(dir, 'gone.txt'), ...seeds.slice(1), join(dir, 'blank.txt')];
    const entries = paths.map((path) => ({ path, size: 0, mtimeMs: 0 }));
    const batch = processEntries(entries);
    assert.equal(batch.length, entries.length);
    assert.deepEqual(batch, entries.map(processEntry));
    assert.ok(batch.filter((r) => 'reason' in r).length === 3 && batch.filter((r) => 'units' in r).length === seeds.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
