// The worker pool: results in input order whatever order workers finish in, errors surface,
// and loadPathsParallel gives loadPaths's corpus (with a stub pipeline, so this runs alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapOrdered, loadPathsParallel } from '../src/pool.js';
import { atLeastFiles } from '../src/ingest.js';
import { mentionsFromFacts } from '../src/store.js';
import type { Mention, Status } from '../src/types.js';

// Per unit and measure: the statuses, the first mention of each status, and the counts.
function unitProfiles(mentions: Mention[]) {
  const out = new Map<string, Map<string, { statuses: Set<Status>; first: Map<Status, Mention>; count: Map<Status, number> }>>();
  for (const m of mentions) {
    let byMeasure = out.get(m.unitId);
    if (!byMeasure) out.set(m.unitId, (byMeasure = new Map()));
    let p = byMeasure.get(m.measureId);
    if (!p) byMeasure.set(m.measureId, (p = { statuses: new Set(), first: new Map(), count: new Map() }));
    p.statuses.add(m.status);
    if (!p.first.has(m.status)) p.first.set(m.status, m);
    p.count.set(m.status, (p.count.get(m.status) ?? 0) + 1);
  }
  return out;
}

const echo = new URL('./fixtures/echo-handler.ts', import.meta.url).href;
const stub = new URL('./fixtures/stub-processor.ts', import.meta.url).href;

test('mapOrdered delivers every result once, in input order', async () => {
  const items = Array.from({ length: 300 }, (_, n) => ({ n }));
  const got: number[] = [];
  await mapOrdered(items, { jobs: 3, handler: echo, options: { tag: 'x' }, window: 8 }, async (out: { n: number; tag: string }, i) => {
    assert.equal(out.n, i);
    assert.equal(out.tag, 'x');
    if (i % 50 === 0) await new Promise((r) => setTimeout(r, 5)); // a slow writer now and then
    got.push(out.n);
  });
  assert.deepEqual(got, items.map((x) => x.n));
});

test('mapOrdered: an empty list needs no worker; a failing item rejects the run', async () => {
  await mapOrdered([], { handler: echo }, () => assert.fail('nothing to deliver'));
  const items = Array.from({ length: 20 }, (_, n) => ({ n, fail: n === 13 }));
  await assert.rejects(mapOrdered(items, { jobs: 2, handler: echo }, () => undefined), /item 13 failed/);
});

test('mapOrdered: a handler that cannot load rejects the run', async () => {
  await assert.rejects(mapOrdered([{ n: 1 }], { jobs: 1, handler: new URL('./fixtures/no-such-handler.ts', import.meta.url).href }, () => undefined));
});

test('mapOrdered: an error thrown by deliver stops the run with that error', async () => {
  const items = Array.from({ length: 50 }, (_, n) => ({ n }));
  await assert.rejects(
    mapOrdered(items, { jobs: 2, handler: echo }, (_o, i) => {
      if (i === 7) throw new Error('disk full');
    }),
    /disk full/,
  );
});

function corpusDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fangkong-pool-'));
  for (let i = 0; i < 60; i++) {
    const paras = [`@${['原阳', '封丘', '延津'][i % 3]}县 ${2020 + (i % 3)}年 疫情防控会议。设置卡点${i}处。`, `全员核酸检测。取消卡点。网格员上岗${i}人。核酸复检。`];
    if (i % 7 === 0) paras.push('戴口罩。繁体段落。');
    writeFileSync(join(dir, `r${String(i).padStart(3, '0')}.txt`), i % 11 === 5 ? '天气晴朗。' : paras.join('\n\n'));
  }
  writeFileSync(join(dir, 'zz_crash.txt'), '疫情 CRASH');
  return dir;
}

test('loadPathsParallel equals the in-thread load, for every need', async () => {
  const dir = corpusDir();
  try {
    const one = await loadPathsParallel([dir], undefined, { processor: stub, jobs: 1, progress: false });
    const par = await loadPathsParallel([dir], undefined, { processor: stub, jobs: 2, minFiles: 1, progress: false });
    assert.deepEqual(par, one);
    assert.equal(one.files, 60 - 5);
    assert.deepEqual(one.skipped.map((s) => s.file.slice(dir.length + 1)), ['r005.txt', 'r016.txt', 'r027.txt', 'r038.txt', 'r049.txt', 'zz_crash.txt']);
    assert.match(one.skipped.at(-1)!.reason, /internal error while extracting: stub crash/);

    for (const need of ['facts', 'evidence'] as const) {
      const cut = await loadPathsParallel([dir], undefined, { processor: stub, jobs: 2, minFiles: 1, need, progress: false });
      assert.deepEqual(cut.units.map((u) => ({ ...u, text: '', original: '' })), cut.units);
      assert.deepEqual(cut.units.map((u) => u.id), one.units.map((u) => u.id));
      // Same profile: statuses and the first mention of each; counts (and evidence) when asked.
      const a = unitProfiles(one.mentions);
      const b = unitProfiles(cut.mentions);
      assert.deepEqual([...b.keys()], [...a.keys()]);
      for (const [uid, prof] of a) {
        assert.deepEqual([...b.get(uid)!.keys()], [...prof.keys()]);
        for (const [mid, p] of prof) {
          const q = b.get(uid)!.get(mid)!;
          assert.deepEqual(q.statuses, p.statuses);
          if (need === 'evidence') assert.deepEqual(q.count, p.count);
          else assert.ok([...q.count.values()].every((n) => n === 1));
          for (const [s, m] of p.first) assert.deepEqual(q.first.get(s), need === 'evidence' ? m : { ...m, cue: '', start: 0, end: 0, sentence: '', sentenceStart: 0 });
        }
      }
    }
    assert.equal(mentionsFromFacts([]).length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('atLeastFiles counts files in nested folders, not the folders themselves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fangkong-count-'));
  try {
    for (const sub of ['2020', '2021', join('2021', '05')]) mkdirSync(join(dir, sub));
    for (const [i, sub] of ['2020', '2021', join('2021', '05'), join('2021', '05')].entries()) writeFileSync(join(dir, sub, `r${i}.txt`), '疫情');
    assert.equal(atLeastFiles([dir], 4), true);
    assert.equal(atLeastFiles([dir], 5), false, 'three folders are not files');
    assert.equal(atLeastFiles([join(dir, '2020', 'r0.txt'), join(dir, 'none')], 1), true);
    assert.equal(atLeastFiles([dir], 4, 2), false, 'a bounded look: only two folders listed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('workers started ahead of a walk that then fails (or is never streamed) do not keep the process alive', () => {
  const dir = corpusDir();
  try {
    // A script file, not -e: workers inherit the exec options, and --input-type would stop them.
    const script = join(dir, 'prestart.mts');
    writeFileSync(script, `
      import { streamer } from ${JSON.stringify(new URL('../src/pool.ts', import.meta.url).href)};
      streamer({ mode: 'full' }, { jobs: 2, minFiles: 10, processor: ${JSON.stringify(stub)} }, [${JSON.stringify(dir)}]);
      console.error('walk failed');
      process.exitCode = 2;`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 15000 });
    assert.equal(r.signal, null, 'exited on its own, not killed by the timeout');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /walk failed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
