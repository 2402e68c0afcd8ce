// `npm run stages`: where one worker's time goes, stage by stage, in this process, on the bench
// corpus (`npm run bench` writes it). Given other builds of fangkong (their dist/ folders), it
// runs every build in turn, round after round, and prints each one's min and median: on a noisy
// machine only such interleaved runs compare two versions fairly. It measures; it asserts nothing.
//
//   node dist/build/stages.js [--files 3000] [--rounds 7] [OTHER_DIST…]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const corpus = join(here, '..', '.bench', 'corpus');

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

type Mod = Record<string, (...args: never[]) => unknown>;
type Stage = [name: string, run: () => void];

async function stagesOf(dist: string, count: number): Promise<{ dist: string; stages: Stage[] }> {
  const load = async (f: string) => (await import(pathToFileURL(join(dist, f)).href)) as Mod;
  const [ingest, document, units, match, sheet, extract] = await Promise.all(['ingest.js', 'document.js', 'units.js', 'match.js', 'sheet.js', 'extract.js'].map(load));
  const spec = { level: 'unit', format: 'csv', filters: {} };
  await (extract.init as (o: unknown) => Promise<void>)({ mode: 'sheet', sheet: spec, preload: true });
  type Entry = { path: string; size: number };
  type Unit = { id: string; text: string };
  const files = ((ingest.walk as (p: string[]) => { files: Entry[] })([corpus]).files).slice(0, count);
  const read = ingest.readBytes as (e: Entry) => Uint8Array;
  const build = document.buildDocument as (f: string, b: Uint8Array) => object;
  const unitsOf = units.documentUnits as (d: object) => Unit[];
  const matchUnit = match.matchUnit as (id: string, text: string) => object[];
  const render = sheet.renderSheetPart as (v: object, s: object) => unknown;
  const renderBatch = extract.renderBatch as (e: Entry[], s: object) => unknown;
  // Each stage's input, made once, so a stage is timed alone.
  const bytes = files.map(read);
  const docs = files.map((f, i) => build(f.path, bytes[i])).filter((d) => !('reason' in d));
  const unitLists = docs.map(unitsOf);
  const results = unitLists.map((us) => ({ units: us, mentions: us.flatMap((u) => matchUnit(u.id, u.text)) }));
  const stages: Stage[] = [
    ['read', () => files.forEach(read)],
    ['documents', () => files.forEach((f, i) => build(f.path, bytes[i]))],
    ['units', () => docs.forEach(unitsOf)],
    ['mentions', () => unitLists.forEach((us) => us.forEach((u) => matchUnit(u.id, u.text)))],
    ['render', () => results.forEach((r) => render(r, spec))],
    // What a worker does: the stages together, batch by batch, with the bytes for the main thread.
    ['worker', () => { for (let i = 0; i < files.length; i += 32) renderBatch(files.slice(i, i + 32), spec); }],
  ];
  for (const [, run] of stages) run(); // warm up
  return { dist, stages };
}

async function main(): Promise<void> {
  const count = arg('files', 3000);
  const rounds = arg('rounds', 7);
  if (!existsSync(corpus)) {
    process.stderr.write(`stages: no bench corpus at ${corpus}; npm run bench writes it\n`);
    process.exitCode = 2;
    return;
  }
  const dists = [here, ...process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'))];
  const builds = [];
  for (const d of dists) builds.push(await stagesOf(d, count));
  const times = builds.map((b) => b.stages.map(() => [] as number[]));
  for (let r = 0; r < rounds; r++) {
    builds.forEach((b, k) =>
      b.stages.forEach(([, run], s) => {
        const t = performance.now();
        run();
        times[k][s].push(performance.now() - t);
      }),
    );
  }
  process.stdout.write(`stages over the first ${count} bench files, ${rounds} rounds (ms: min / median)\n`);
  const names = builds[0].stages.map(([n]) => n);
  process.stdout.write(['build'.padEnd(40), ...names.map((n) => n.padStart(15))].join('') + '\n');
  builds.forEach((b, k) => {
    const cells = times[k].map((ts) => {
      const s = [...ts].sort((x, y) => x - y);
      return `${s[0].toFixed(0)} / ${s[s.length >> 1].toFixed(0)}`.padStart(15);
    });
    process.stdout.write([b.dist.slice(-40).padEnd(40), ...cells].join('') + '\n');
  });
}

await main();
