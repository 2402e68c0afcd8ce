// The store: `export --store` gives what `export PATHS` gives; re-indexing reads only what
// changed; a taxonomy change re-extracts; a missing or damaged store is a clear error.
// The first group runs on a stub pipeline (no build needed); the last group runs the built CLI
// (bin/fangkong.js → dist/, so `npm run build` first) on the seeds plus synthetic variants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eachStoreFile, indexStore, loadStore, loadStoreFacts, packInts, readManifest, StoreError, unpackInts, type IndexOptions } from '../src/store.js';
import fc from 'fast-check';
import { loadPathsParallel } from '../src/pool.js';
import * as q from '../src/query.js';
import type { Mention, Unit } from '../src/types.js';
import { UsageError } from '../src/commands/run.js';

const stub = new URL('./fixtures/stub-processor.ts', import.meta.url).href;
const root = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/fangkong.js', import.meta.url));

function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `fangkong-${prefix}-`));
}

function para(i: number): string {
  const place = ['原阳', '封丘', '延津', '获嘉'][i % 4];
  return [`@${place}县 ${2020 + (i % 3)}年 疫情防控会议。设置卡点${i}处。全员核酸。`, `取消卡点。网格员上岗${i}人。核酸复检，戴口罩。`, i % 5 === 0 ? '繁体：口罩。' : ''].filter(Boolean).join('\n\n');
}

/** A corpus of `n` stub reports in two folders, some not reports at all. */
function stubCorpus(n = 80): string {
  const dir = tmp('corpus');
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  for (let i = 0; i < n; i++) writeFileSync(join(dir, i % 2 ? 'b' : 'a', `r${String(i).padStart(3, '0')}.txt`), i % 13 === 4 ? '天气晴朗。' : para(i));
  return dir;
}

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

const opts = (o: Partial<IndexOptions> = {}): IndexOptions => ({ maxBytes: 1 << 20, jobs: 1, progress: false, processor: stub, ...o });

async function sameAsPaths(corpus: string, store: string): Promise<void> {
  for (const need of ['facts', 'evidence', 'full'] as const) {
    const want = await loadPathsParallel([corpus], 1 << 20, { processor: stub, jobs: 1, need, progress: false });
    const got = await loadStore(store, need);
    // Absent and undefined fields are the same thing to every query: compare as JSON.
    assert.deepEqual(plain(got), plain(want), `need=${need}`);
    // A file at a time (streaming export, search, reports): the same units and mentions, one
    // file per part, the skipped files told before the first.
    const parts: { units: Unit[]; mentions: Mention[] }[] = [];
    let told: unknown;
    let count = -1;
    const r = await eachStoreFile(store, need, {
      start: (skipped, files) => ((told = plain(skipped)), (count = files)),
      each: (part) => {
        assert.ok(told, 'skipped files come first');
        parts.push({ units: [...part.units], mentions: [...part.mentions] });
      },
    });
    assert.deepEqual(told, plain(want.skipped));
    assert.equal(count, want.files);
    assert.deepEqual(plain({ units: parts.flatMap((p) => p.units), mentions: parts.flatMap((p) => p.mentions), ...r }), plain(want));
    assert.equal(parts.length, want.files);
    assert.ok(parts.every((p) => new Set(p.units.map((u) => u.file)).size === 1));
    if (need === 'facts') {
      // The table matrix reads: the same facts, without a mention object each.
      const { skipped, files, units, ...table } = await loadStoreFacts(store);
      const { units: _, ...wantTable } = q.factTable(want);
      assert.deepEqual([skipped, files], [want.skipped, want.files]);
      assert.deepEqual(plain(table), plain(wantTable));
      assert.deepEqual(plain(units), plain(want.units.map(({ place, year }) => ({ place, year }))));
      assert.ok(table.unit.length > 0);
    }
  }
}

test('index then load: the store gives the corpus PATHS give, at every need, in walk order', async () => {
  const corpus = stubCorpus();
  const store = join(tmp('store'), 'st');
  try {
    const s = await indexStore([corpus], store, opts());
    assert.equal(s.indexed, 80 - 6);
    assert.equal(s.unchanged, 0);
    assert.equal(s.skipped.length, 6);
    await sameAsPaths(corpus, store);
    // In parallel, with many small shards, the store is the same.
    const par = join(tmp('store'), 'par');
    await indexStore([corpus], par, opts({ jobs: 2, minParallel: 1 }));
    assert.deepEqual(await loadStore(par), await loadStore(store));
    assert.ok(existsSync(join(store, 'manifest.json')));
    assert.ok(readdirSync(join(store, 'shards')).every((n) => /^\d{6}\.(facts\.json|evidence\.json|units\.ndjson|mentions\.ndjson)$/.test(n)));
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

test('re-index skips unchanged files, picks up changed, new and removed ones', async () => {
  const corpus = stubCorpus();
  const store = join(tmp('store'), 'st');
  try {
    // Small shards: some stay as they are, some are rewritten without the changed files.
    await indexStore([corpus], store, opts({ shardFiles: 9 }));
    const shardsBefore = readManifest(store).shards.map((x) => x.id);
    const again = await indexStore([corpus], store, opts({ shardFiles: 9 }));
    assert.deepEqual([again.indexed, again.unchanged, again.removed, again.skipped.length], [0, 80, 0, 6]);

    // Change one file, add one that sorts into the middle, remove one, turn a skipped one into a report.
    writeFileSync(join(corpus, 'a', 'r010.txt'), para(10) + '\n\n@延津县 2022年 疫情：新增卡点。');
    utimesSync(join(corpus, 'a', 'r010.txt'), new Date(), new Date(Date.now() + 5000));
    writeFileSync(join(corpus, 'b', 'r050x.txt'), para(51));
    rmSync(join(corpus, 'b', 'r071.txt'));
    writeFileSync(join(corpus, 'a', 'r004.txt'), para(4));
    const s = await indexStore([corpus], store, opts({ shardFiles: 9 }));
    assert.deepEqual([s.indexed, s.unchanged, s.removed, s.skipped.length], [3, 77, 1, 5]);
    await sameAsPaths(corpus, store);
    const m = readManifest(store);
    const kept = m.shards.filter((x) => shardsBefore.includes(x.id)).length;
    assert.ok(kept >= 4 && kept < shardsBefore.length, `${kept} of ${shardsBefore.length} shards kept`);
    assert.equal(m.files.length, 80);
    // Only shards the manifest names are left on disk.
    const live = new Set(m.shards.map((x) => String(x.id).padStart(6, '0')));
    assert.ok(readdirSync(join(store, 'shards')).every((n) => live.has(n.slice(0, 6))));
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

test('a store inside the folder being indexed is not read as reports', async () => {
  const corpus = stubCorpus(10);
  try {
    const store = join(corpus, 'a', '.fangkong');
    const s = await indexStore([corpus], store, opts());
    const again = await indexStore([corpus], store, opts());
    assert.deepEqual([s.indexed + s.skipped.length, again.unchanged, again.indexed], [10, 10, 0]);
    assert.ok(readManifest(store).files.every((f) => !f.path.includes('.fangkong')));
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

test('a file that crashed extraction is skipped with the reason and retried next time', async () => {
  const corpus = stubCorpus(10);
  const store = join(tmp('store'), 'st');
  try {
    writeFileSync(join(corpus, 'a', 'r002.txt'), '疫情 CRASH');
    const s = await indexStore([corpus], store, opts());
    assert.match(s.skipped.find((x) => x.file.endsWith('r002.txt'))!.reason, /internal error while extracting: stub crash/);
    const again = await indexStore([corpus], store, opts());
    assert.equal(again.indexed + again.skipped.filter((x) => /internal error/.test(x.reason)).length, 1);
    assert.equal(again.unchanged, 9);
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

test('matrix reads the store’s table file while it belongs to the manifest, else the shards', async () => {
  const corpus = stubCorpus(30);
  const store = join(tmp('store'), 'st');
  try {
    await indexStore([corpus], store, opts());
    // Where the facts came from: with the shards out of the way, only the table file can answer.
    const shards = join(store, 'shards');
    const readsShards = async () => {
      renameSync(shards, `${shards}.away`);
      try {
        await loadStoreFacts(store);
        return false;
      } catch (err) {
        assert.ok(err instanceof StoreError, String(err));
        return true;
      } finally {
        renameSync(`${shards}.away`, shards);
      }
    };
    const fromFile = await loadStoreFacts(store);
    assert.ok(fromFile.units.length > 0 && fromFile.units.every((u) => !('id' in u)), 'units carry place and year only');
    assert.equal(await readsShards(), false, 'read from the table file');
    const manifest = join(store, 'manifest.json');
    const sameMatrix = (t: typeof fromFile) => {
      for (const by of ['jurisdiction', 'year'] as const) assert.deepEqual(q.matrix(t, by), q.matrix(fromFile, by));
      assert.deepEqual([t.skipped, t.files], [fromFile.skipped, fromFile.files]);
    };
    // A manifest rewritten since (by hand, or a run that died before writing the table): shards.
    writeFileSync(manifest, readFileSync(manifest));
    const stale = await loadStoreFacts(store);
    assert.ok(stale.units.every((u) => !('id' in u)), 'units from the shards carry place and year only');
    assert.equal(await readsShards(), true, 'read from the shards');
    sameMatrix(stale);
    await indexStore([corpus], store, opts());
    assert.equal(await readsShards(), false, 'the next index run writes it again');
    // A damaged table file is passed over, not believed.
    const table = join(store, 'table.bin');
    for (const cut of [readFileSync(table).subarray(0, 100), Buffer.concat([readFileSync(table), Buffer.alloc(8)])]) {
      writeFileSync(table, cut);
      assert.equal(await readsShards(), true, 'a damaged table file is not read');
      sameMatrix(await loadStoreFacts(store));
    }
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

test('a taxonomy version change: loading refuses, re-indexing extracts everything again', async () => {
  const corpus = stubCorpus(20);
  const store = join(tmp('store'), 'st');
  try {
    await indexStore([corpus], store, opts());
    const path = join(store, 'manifest.json');
    const m = JSON.parse(readFileSync(path, 'utf8'));
    m.taxonomy = 'an-older-taxonomy';
    writeFileSync(path, JSON.stringify(m));
    await assert.rejects(loadStore(store), (e: Error) => e instanceof StoreError && /another version of the taxonomy \(an-older-taxonomy; now .+\); update it with: fangkong index .+ --store /.test(e.message));
    const s = await indexStore([corpus], store, opts());
    assert.match(s.rebuilt ?? '', /taxonomy changed/);
    assert.equal(s.unchanged, 0);
    assert.equal(s.indexed + s.skipped.length, 20);
    await sameAsPaths(corpus, store);
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

test('a missing, foreign or damaged store is a clear usage error', async () => {
  const corpus = stubCorpus(10);
  const base = tmp('store');
  try {
    const err = (re: RegExp) => (e: Error) => e instanceof StoreError && e instanceof UsageError && re.test(e.message) && !e.message.includes('\n');
    await assert.rejects(loadStore(join(base, 'nope')), err(/^no store at .*nope; build one with: fangkong index PATHS --store /));
    await assert.rejects(loadStore(corpus), err(/is not a fangkong store \(no manifest\.json\)/));
    // Never write into a folder that holds something else.
    await assert.rejects(indexStore([corpus], corpus, opts()), err(/is not empty and is not a fangkong store/));

    const store = join(base, 'st');
    await indexStore([corpus], store, opts());
    const shards = readdirSync(join(store, 'shards'));
    const facts = join(store, 'shards', shards.find((n) => n.endsWith('.facts.json'))!);
    const units = join(store, 'shards', shards.find((n) => n.endsWith('.units.ndjson'))!);

    const saved = readFileSync(facts);
    writeFileSync(facts, saved.subarray(0, 40));
    await assert.rejects(loadStore(store, 'facts'), err(/is damaged \(shards\/\d{6}\.facts\.json: .*\); rebuild it with: fangkong index PATHS --store /));
    // Packed numbers cut short (a varint left open) or of the wrong count.
    const index = JSON.parse(saved.toString('utf8'));
    writeFileSync(facts, JSON.stringify({ ...index, facts: packInts([0, 1, 0]) }));
    await assert.rejects(loadStore(store, 'facts'), err(/is damaged \(shards\/\d{6}\.facts\.json is not a shard index\)/));
    writeFileSync(facts, JSON.stringify({ ...index, units: Buffer.from([0x81]).toString('base64') }));
    await assert.rejects(loadStore(store, 'facts'), err(/facts\.json is not a shard index/));
    // A unit naming a string the table does not have.
    writeFileSync(facts, JSON.stringify({ ...index, strings: index.strings.slice(0, 3) }));
    await assert.rejects(loadStore(store, 'facts'), err(/facts\.json is not a shard index/));
    writeFileSync(facts, Buffer.from([0xff, 0xfe, 0x7b]));
    await assert.rejects(loadStore(store, 'facts'), err(/facts\.json is not UTF-8\)/));
    writeFileSync(facts, saved);

    rmSync(units);
    await assert.rejects(loadStore(store, 'full'), err(/is damaged \(cannot read shards\/\d{6}\.units\.ndjson: ENOENT\)/));
    await loadStore(store, 'evidence'); // the facts files alone still serve matrix and export
    // Re-indexing extracts that shard's files again.
    const fixed = await indexStore([corpus], store, opts());
    assert.equal(fixed.unchanged + fixed.indexed, 10);
    assert.ok(fixed.indexed > 0);
    await sameAsPaths(corpus, store);

    writeFileSync(join(store, 'manifest.json'), '{"format": 1, "fil');
    await assert.rejects(loadStore(store), err(/is damaged \(manifest\.json: /));
    // Re-indexing repairs it from scratch.
    const s = await indexStore([corpus], store, opts());
    assert.match(s.rebuilt ?? '', /damaged/);
    await sameAsPaths(corpus, store);

    const m = JSON.parse(readFileSync(join(store, 'manifest.json'), 'utf8'));
    writeFileSync(join(store, 'manifest.json'), JSON.stringify({ ...m, format: 99 }));
    await assert.rejects(loadStore(store), err(/written by a newer fangkong/));
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

test('packed shard numbers read back as written', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: -1, max: 200 }), fc.integer({ min: -1, max: 2 ** 31 - 2 }))), (xs) => {
      assert.deepEqual(Array.from(unpackInts(packInts(xs))!), xs);
    }),
  );
  assert.throws(() => packInts([-2]), /out of range/);
  assert.throws(() => packInts([1.5]), /out of range/);
  // A continuation byte with nothing after it, or a value past 31 bits, is not packInts output.
  assert.equal(unpackInts(Buffer.from([0x05, 0x80]).toString('base64')), undefined);
  assert.equal(unpackInts(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7f]).toString('base64')), undefined);
});

test('crash leftovers: temporary files and unnamed shards are cleared, a dead run’s lock is taken over', async () => {
  const corpus = stubCorpus(10);
  const store = join(tmp('store'), 'st');
  try {
    await indexStore([corpus], store, opts());
    writeFileSync(join(store, 'shards', '000099.units.ndjson.tmp'), 'half a li');
    writeFileSync(join(store, 'shards', '000098.facts.json'), '{}');
    writeFileSync(join(store, 'manifest.json.tmp'), '{');
    writeFileSync(join(store, 'lock'), '999999999');
    const s = await indexStore([corpus], store, opts());
    assert.equal(s.unchanged, 10);
    assert.ok(!existsSync(join(store, 'lock')));
    assert.ok(readdirSync(join(store, 'shards')).every((n) => !n.startsWith('00009')));
    await sameAsPaths(corpus, store);
    // A live process's lock is respected.
    writeFileSync(join(store, 'lock'), String(process.ppid));
    await assert.rejects(indexStore([corpus], store, opts()), /being written by another fangkong/);
    rmSync(join(store, 'lock'));
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

// ---------- the real pipeline ----------

test('facts and evidence give every query the answer the full mentions give (real pipeline)', async () => {
  const { synthCorpus } = await import('../src/build/synth.js');
  const q = await import('../src/query.js');
  const corpus = tmp('real');
  try {
    cpSync(join(root, 'seeds'), join(corpus, 'seeds'), { recursive: true });
    synthCorpus(join(corpus, 'synth'), { count: 120, seed: 11, perFolder: 50 });
    const load = (need: 'facts' | 'evidence' | 'full') => loadPathsParallel([corpus], undefined, { need, progress: false });
    const full = await load('full');
    const evidence = await load('evidence');
    const facts = await load('facts');
    assert.ok(full.mentions.length > 500);
    for (const f of [{}, { years: [2021] }, { categories: ['testing'] }, { status: 'lifted' as const }]) {
      const [a, b, c] = [full, evidence, facts].map((x) => q.applyFilters(x, f));
      assert.deepEqual(plain(q.exportUnitRows(b)), plain(q.exportUnitRows(a)));
      for (const by of ['jurisdiction', 'province', 'year'] as const) {
        const mx = (v: q.View) => q.matrix(q.factTable(v), by);
        assert.deepEqual(mx(c), mx(a));
        assert.deepEqual(mx(b), mx(a));
        // Filtering the table (matrix's way) equals filtering mentions, then tabling them.
        assert.deepEqual(q.matrix(q.filterTable(q.factTable(facts), f), by), mx(a));
      }
      for (const [x, y] of [['2020', '2022'], ['原阳县', '邱县'], ['testing', '河南省']]) {
        const ga = [q.selectGroup(x, a.units), q.selectGroup(y, a.units)];
        const gb = [q.selectGroup(x, b.units), q.selectGroup(y, b.units)];
        if (ga.some((g) => 'error' in g)) continue;
        assert.deepEqual(q.compare(gb[0] as q.Group, gb[1] as q.Group, b), q.compare(ga[0] as q.Group, ga[1] as q.Group, a));
      }
      const ya = q.selectGroup('原阳县', a.units);
      const yc = q.selectGroup('原阳县', c.units);
      if (!('error' in ya) && !('error' in yc)) assert.deepEqual(q.timeline(yc, c), q.timeline(ya, a));
      assert.deepEqual(plain(q.reportRows(c.units)), plain(q.reportRows(a.units)));
    }
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

// ---------- the built CLI, real pipeline ----------

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('CLI: export PATHS and export --store give identical output (seeds + synthetic variants)', async () => {
  const { synthCorpus } = await import('../src/build/synth.js');
  const corpus = tmp('cli');
  const store = join(tmp('store'), 'st');
  try {
    cpSync(join(root, 'seeds'), join(corpus, 'seeds'), { recursive: true });
    synthCorpus(join(corpus, 'synth'), { count: 240, seed: 7, perFolder: 100 });
    writeFileSync(join(corpus, 'seeds', 'zz_empty.txt'), '');
    const idx = cli(['index', corpus, '--store', store, '--format', 'json']);
    assert.equal(idx.code, 0, idx.err);
    const summary = JSON.parse(idx.out);
    assert.equal(summary.indexed + summary.skipped.length, 246);
    assert.match(idx.err, /skipped .*zz_empty\.txt/);

    const cases: string[][] = [
      ['export', '--format', 'csv'],
      ['export', '--level', 'mention', '--format', 'csv'],
      ['export', '--format', 'json', '--year', '2021'],
      ['reports', '--format', 'csv'],
      ['matrix', '--format', 'csv', '--by', 'province'],
      ['matrix', '--format', 'json', '--by', 'year'],
      ['compare', '2020', '2022', '--format', 'csv'],
      ['compare', '原阳县', '邱县', '--format', 'json'],
      ['timeline', '原阳县', '--format', 'csv'],
      ['search', '核酸检测', '--format', 'csv'],
      // From a store, search and reports write as they read, a file at a time.
      ['search', '核酸检测', '--format', 'json', '--year', '2021'],
      ['search', '核酸检测'],
      ['search', '卡点', '--format', 'json', '--status', 'lifted'],
      ['search', '隔離', '--format', 'csv'],
      ['search', 'no such words', '--format', 'json'],
      ['reports', '--format', 'json', '--province', '河南省'],
      ['reports'],
    ];
    for (const c of cases) {
      const [cmd, ...rest] = c;
      const sel = cmd === 'compare' ? 2 : cmd === 'timeline' || cmd === 'search' ? 1 : 0;
      const paths = cli([cmd, ...rest.slice(0, sel), corpus, ...rest.slice(sel)]);
      const stored = cli([cmd, ...rest, '--store', store]);
      assert.equal(paths.code, 0, `${c.join(' ')}: ${paths.err}`);
      assert.equal(stored.code, 0, `${c.join(' ')} --store: ${stored.err}`);
      assert.ok(paths.out.length > (c.includes('no such words') ? 10 : 100), `${c.join(' ')} has output`);
      assert.equal(stored.out, paths.out, c.join(' '));
    }
    // Timeline keeps only the units its selector could pick: a selector it refuses is told the same.
    for (const sel of ['不存在县', '原陽縣x', '2021', 'testing']) {
      const paths = cli(['timeline', sel, corpus]);
      const stored = cli(['timeline', sel, '--store', store]);
      assert.equal(paths.code, 2, sel);
      assert.deepEqual([stored.code, stored.err], [paths.code, paths.err], sel);
    }
    // A terminal table of search hits stops at 500 rows and says so; the count is of all hits.
    for (const where of [[corpus], ['--store', store]]) {
      const t = cli(['search', '疫情', ...where]);
      const total = Number(/: (\d+) hits in/.exec(t.out)?.[1]);
      assert.ok(total > 500, `${total} hits`);
      assert.match(t.err, new RegExp(`showing the first 500 of ${total} hits`));
      assert.equal(t.out.split('\n').filter((l) => l.startsWith('│')).length, 501, 'header and 500 rows');
    }
    // Export streams from worker threads over this many files; in this thread it must print the same.
    const workers = cli(['export', corpus, '--format', 'json']);
    const inThread = cli(['export', corpus, '--format', 'json', '--jobs', '1']);
    assert.equal(inThread.code, 0, inThread.err);
    assert.equal(inThread.out, workers.out);
    assert.equal(cli(['export', corpus, '--jobs', 'two']).code, 2);
    // Nothing changed: nothing is read again.
    const again = JSON.parse(cli(['index', corpus, '--store', store, '--format', 'json']).out);
    assert.equal(again.indexed, 0);
    assert.equal(again.unchanged, 246);
    assert.equal(cli(['index', corpus, '--store', store, '--strict']).code, 1);
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

test('CLI: --store errors are one line, exit 2', () => {
  const r = cli(['matrix', '--store', join(tmpdir(), 'fangkong-no-such-store')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /^fangkong: no store at .*; build one with: fangkong index PATHS --store .*\n$/);
  const both = cli(['matrix', 'seeds', '--store', join(tmpdir(), 'x')]);
  assert.equal(both.code, 2);
  const jobs = cli(['index', 'seeds', '--store', join(tmpdir(), 'x'), '--jobs', '0']);
  assert.equal(jobs.code, 2);
  assert.match(jobs.err, /--jobs takes a positive whole number/);
});
