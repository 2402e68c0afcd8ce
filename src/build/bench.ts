// `npm run bench`: build a synthetic corpus (20,000 reports, ~58 MB) in .bench/, then time the
// real CLI on it in child processes and print a table. It measures; it asserts nothing.
//
//   node dist/build/bench.js [--count 20000] [--runs 3] [--jobs N]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthCorpus } from './synth.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'fangkong.js');
const benchDir = join(root, '.bench');
const corpusDir = join(benchDir, 'corpus');
const storeDir = join(benchDir, 'store');
const outDir = join(benchDir, 'out');
const GENERATOR = 1; // bump when synth.ts changes what it writes

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const count = arg('count', 20000);
const runs = Math.max(1, arg('runs', 3));
const jobs = arg('jobs', 0);

interface Run {
  seconds: number;
  rssMB?: number;
  code: number | null;
  stderr: string;
  outFile?: string;
}

const haveTime = (() => {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/.test(r.stderr.trim().split('\n').pop() ?? '');
})();

// Without GNU time, the child reports its own peak RSS on exit through a preloaded module.
const RSS_PRELOAD = 'data:text/javascript,' + encodeURIComponent('import { writeFileSync } from "node:fs"; process.on("exit", () => { if (process.env.FANGKONG_BENCH_RSS) writeFileSync(process.env.FANGKONG_BENCH_RSS, String(process.resourceUsage().maxRSS)); });');

/** Run the CLI once; stdout to a file (or nowhere), wall time and peak RSS measured. */
function cli(args: string[], opts: { out?: string; rss?: boolean; env?: NodeJS.ProcessEnv; node?: boolean } = {}): Run {
  const rssFile = join(benchDir, 'rss.txt');
  rmSync(rssFile, { force: true });
  const fd = opts.out ? openSync(opts.out, 'w') : 'ignore';
  // `node`: Node alone with these arguments, for the start-up every command pays.
  const nodeArgs = opts.node ? args : [bin, ...args];
  let cmd = process.execPath;
  let argv = nodeArgs;
  if (opts.rss && haveTime) {
    cmd = '/usr/bin/time';
    argv = ['-f', '%M', '-o', rssFile, process.execPath, ...nodeArgs];
  } else if (opts.rss) {
    argv = ['--import', RSS_PRELOAD, ...nodeArgs];
  }
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env: opts.env ?? { ...process.env, NO_COLOR: '1', FANGKONG_BENCH_RSS: rssFile }, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (typeof fd === 'number') closeSync(fd);
  let rssMB: number | undefined;
  if (opts.rss && existsSync(rssFile)) {
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    if (kb > 0) rssMB = kb / 1024;
  }
  return { seconds, rssMB, code: r.status, stderr: r.stderr ?? '', outFile: opts.out };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function repeat(n: number, f: () => Run): { runs: Run[]; seconds: number; rssMB?: number } {
  const rs = Array.from({ length: n }, f);
  const rss = rs.map((r) => r.rssMB).filter((x): x is number => x !== undefined);
  return { runs: rs, seconds: median(rs.map((r) => r.seconds)), rssMB: rss.length ? Math.max(...rss) : undefined };
}

function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}

function failed(label: string, r: Run): string {
  return r.code === 0 ? '' : `${label} exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const notes: string[] = [];

  // 1. The corpus: reused when the same generator already wrote the same count.
  const stampFile = join(benchDir, 'corpus.json');
  let stamp: { generator: number; count: number; files: number; bytes: number } | undefined;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    stamp = undefined;
  }
  let genSeconds: number | undefined;
  if (!stamp || stamp.generator !== GENERATOR || stamp.count !== count || !existsSync(corpusDir)) {
    process.stderr.write(`bench: writing ${count} synthetic reports to ${corpusDir} …\n`);
    rmSync(corpusDir, { recursive: true, force: true });
    const t0 = performance.now();
    const r = synthCorpus(corpusDir, { count });
    genSeconds = (performance.now() - t0) / 1000;
    stamp = { generator: GENERATOR, count, files: r.files, bytes: r.bytes };
    writeFileSync(stampFile, JSON.stringify(stamp) + '\n');
  }
  const MB = stamp.bytes / 1e6;
  const jobArgs = jobs > 0 ? ['--jobs', String(jobs)] : [];
  const rows: [string, string, string, string][] = [];
  const row = (what: string, value: string, target: string, command: string) => rows.push([what, value, target, command]);
  const rel = (p: string) => p.slice(root.length);

  // 2. Cold start.
  process.stderr.write('bench: --help …\n');
  cli(['--help']);
  const help = repeat(Math.max(runs, 7), () => cli(['--help']));
  row('fangkong --help', `${(help.seconds * 1000).toFixed(0)} ms (median of ${help.runs.length})`, '< 150 ms', 'fangkong --help');
  // What Node itself costs to start here, which every figure below includes.
  const bare = repeat(Math.max(runs, 7), () => cli(['-e', '0'], { node: true }));
  row('  Node start-up alone', `${(bare.seconds * 1000).toFixed(0)} ms`, '', 'node -e 0');
  if (process.env.NODE_EXTRA_CA_CERTS) {
    // Node 20 reads that certificate bundle at every start, before any of fangkong runs.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.NODE_EXTRA_CA_CERTS;
    const plain = repeat(Math.max(runs, 7), () => cli(['--help'], { env }));
    row('  --help without NODE_EXTRA_CA_CERTS', `${(plain.seconds * 1000).toFixed(0)} ms`, '', 'env -u NODE_EXTRA_CA_CERTS fangkong --help');
  }

  // 3. Full extraction from PATHS.
  process.stderr.write(`bench: export over ${MB.toFixed(1)} MB, ${runs} run(s) …\n`);
  const exportOut = join(outDir, 'export-paths.csv');
  const exp = repeat(runs, () => cli(['export', rel(corpusDir), '--format', 'csv'], { out: exportOut, rss: true }));
  notes.push(failed('export PATHS', exp.runs[0]));
  row('export PATHS (csv)', `${(MB / exp.seconds).toFixed(1)} MB/s (${exp.seconds.toFixed(2)} s median of ${runs})`, '>= 30 MB/s', `fangkong export ${rel(corpusDir)} --format csv`);
  row('  peak RSS', exp.rssMB ? `${exp.rssMB.toFixed(0)} MB` : 'n/a', '< 500 MB', haveTime ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS');
  const expM = cli(['export', rel(corpusDir), '--level', 'mention', '--format', 'csv'], { out: join(outDir, 'export-paths-mention.csv'), rss: true });
  notes.push(failed('export --level mention', expM));
  row('export PATHS --level mention', `${(MB / expM.seconds).toFixed(1)} MB/s (${expM.seconds.toFixed(2)} s), ${expM.rssMB?.toFixed(0) ?? '?'} MB RSS`, '', `fangkong export ${rel(corpusDir)} --level mention --format csv`);

  // 4. Index: cold, then again with nothing changed.
  process.stderr.write('bench: index …\n');
  rmSync(storeDir, { recursive: true, force: true });
  const idx = cli(['index', rel(corpusDir), '--store', rel(storeDir), '--format', 'json', ...jobArgs], { out: join(outDir, 'index.json'), rss: true });
  notes.push(failed('index', idx));
  let storeMB = '?';
  let units = '?';
  try {
    const s = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8'));
    storeMB = (s.bytes / 1048576).toFixed(0);
    units = `${s.files} files, ${s.units} units, ${s.mentions} mentions, ${s.skipped.length} skipped`;
  } catch {
    /* reported above */
  }
  row('index (cold)', `${idx.seconds.toFixed(2)} s, ${(MB / idx.seconds).toFixed(1)} MB/s, ${idx.rssMB?.toFixed(0) ?? '?'} MB RSS`, '', `fangkong index ${rel(corpusDir)} --store ${rel(storeDir)}`);
  row('  store', `${storeMB} MB: ${units}`, '', '');
  const re = repeat(runs, () => cli(['index', rel(corpusDir), '--store', rel(storeDir), ...jobArgs], { rss: true }));
  notes.push(failed('re-index', re.runs[0]));
  row('re-index, nothing changed', `${re.seconds.toFixed(2)} s, ${re.rssMB?.toFixed(0) ?? '?'} MB RSS`, '', 'same again');

  // 5. Queries on the store.
  process.stderr.write('bench: queries on the store …\n');
  const q = (label: string, args: string[], target = '') => {
    cli(args); // warm the page cache
    const r = repeat(Math.max(runs, 5), () => cli(args, { rss: true }));
    notes.push(failed(label, r.runs[0]));
    row(label, `${(r.seconds * 1000).toFixed(0)} ms, ${r.rssMB?.toFixed(0) ?? '?'} MB RSS`, target, `fangkong ${args.join(' ')}`);
  };
  q('matrix --store', ['matrix', '--store', rel(storeDir)], '< 500 ms');
  q('matrix --store --by year', ['matrix', '--store', rel(storeDir), '--by', 'year', '--format', 'csv']);
  q('compare --store', ['compare', '2020', '2022', '--store', rel(storeDir)]);
  q('timeline --store', ['timeline', '原阳县', '--store', rel(storeDir)]);
  q('search --store', ['search', '核酸检测', '--store', rel(storeDir), '--format', 'csv']);

  const storeOut = join(outDir, 'export-store.csv');
  const es = repeat(runs, () => cli(['export', '--store', rel(storeDir), '--format', 'csv'], { out: storeOut, rss: true }));
  notes.push(failed('export --store', es.runs[0]));
  row('export --store (csv)', `${(es.seconds * 1000).toFixed(0)} ms, ${es.rssMB?.toFixed(0) ?? '?'} MB RSS`, '', `fangkong export --store ${rel(storeDir)} --format csv`);
  const esm = cli(['export', '--store', rel(storeDir), '--level', 'mention', '--format', 'csv'], { out: join(outDir, 'export-store-mention.csv'), rss: true });
  row('export --store --level mention', `${(esm.seconds * 1000).toFixed(0)} ms, ${esm.rssMB?.toFixed(0) ?? '?'} MB RSS`, '', `fangkong export --store ${rel(storeDir)} --level mention --format csv`);
  const same = hashFile(exportOut) === hashFile(storeOut) && hashFile(join(outDir, 'export-paths-mention.csv')) === hashFile(join(outDir, 'export-store-mention.csv'));
  row('export PATHS = export --store', same ? `identical (${(statSync(exportOut).size / 1e6).toFixed(1)} MB csv)` : 'DIFFERENT', 'identical', `${rel(outDir)}/export-*.csv`);

  // 6. The table.
  const cpu = cpus()[0]?.model ?? 'cpu';
  const head = `fangkong bench: ${stamp.files} reports, ${MB.toFixed(1)} MB${genSeconds ? ` (generated in ${genSeconds.toFixed(1)} s)` : ''}; ${availableParallelism()} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}\n`;
  const widths = [0, 1, 2, 3].map((k) => Math.max(...rows.map((r) => width(r[k])), width(['measure', 'value', 'target', 'command'][k])));
  const line = (r: string[]) => r.map((c, k) => c + ' '.repeat(widths[k] - width(c))).join('  ').trimEnd();
  const text = [head, line(['measure', 'value', 'target', 'command']), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
  process.stdout.write(text);
  for (const n of notes.filter(Boolean)) process.stdout.write(`note: ${n}\n`);
}

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

main();
