// Worker-thread pool: run a handler module over a list of items on all cores and hand the
// results back in input order, with a bounded window so memory does not grow with the input.
// Also the parallel counterpart of corpus.ts's loadPaths.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Corpus } from './corpus.js';
import { atLeastFiles, DEFAULT_MAX_BYTES, walk, type FileEntry } from './ingest.js';
import type { Need } from './store.js';

// Under tsx (tests) the sources are .ts; compiled, they are .js next to each other in dist/.
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const WORKER_URL = new URL(`./worker${EXT}`, import.meta.url);
/** The handler the workers run by default: fangkong's extraction (src/extract.ts). */
export const EXTRACT_HANDLER = new URL(`./extract${EXT}`, import.meta.url).href;

export interface PoolOptions {
  /** Worker threads (default: all cores). */
  jobs?: number;
  /** URL of a module exporting `handle(item)` and optionally `init(options)`; default: extraction. */
  handler?: string;
  /** Passed to the handler's `init` once in each worker. */
  options?: unknown;
  /** At most this many items are dispatched ahead of the next one delivered (default 64 per worker). */
  window?: number;
  /** Items sent to one worker before it answers (default 16). */
  inflight?: number;
  /** Workers already started with this handler and options (see `streamer`); extras are stopped. */
  started?: Worker[];
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

// Each worker is a fresh V8 isolate that compiles the whole pipeline again with TurboFan, on the
// same cores the workers run on: on the bench corpus that compilation was a quarter of a
// worker's instructions (valgrind), and its biggest jobs were functions with everything they
// call inlined. A smaller inlining budget (V8's default is 920 bytes of bytecode) made a
// worker's run about a tenth fewer instructions, and the export 6–9% faster on two cores.
// Inlining limits are read at each compilation, so setting them before the workers start is
// enough; they apply process-wide.
let tuned = false;
function tuneCompiler(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
}

function startWorker(handler: string, options: unknown): Worker {
  tuneCompiler();
  const workerData = { handler, options };
  if (EXT === '.js') return new Worker(WORKER_URL, { workerData });
  // Node 20 does not carry tsx's loader hooks into workers: register them first, then load the .ts entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

type Reply = { i: number; out?: unknown; error?: string };

/**
 * Run the handler over `items` in worker threads; `deliver` is called once per item, in input
 * order, and awaited (so a slow writer holds the workers back instead of buffering results).
 */
export function mapOrdered<I, O>(items: readonly I[], opts: PoolOptions, deliver: (out: O, index: number) => void | Promise<void>): Promise<void> {
  const total = items.length;
  if (!total) return Promise.resolve();
  const jobs = Math.max(1, Math.min(opts.jobs ?? defaultJobs(), total));
  const window = Math.max(jobs * 2, opts.window ?? jobs * 64);
  const handler = opts.handler ?? EXTRACT_HANDLER;
  const inflight = Math.max(1, opts.inflight ?? 16);

  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    const busy = new Map<Worker, number>();
    const ready = new Map<number, O>();
    let next = 0; // next item to dispatch
    let delivered = 0; // items delivered so far
    let draining = false;
    let done = false;

    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      Promise.all(workers.map((w) => w.terminate())).then(
        () => (err ? reject(err) : resolve()),
        () => (err ? reject(err) : resolve()),
      );
    };

    const dispatch = () => {
      // Several items in flight per worker keep it busy while replies travel back and the main
      // thread is busy with earlier results.
      for (const w of workers) {
        while (!done && (busy.get(w) ?? 0) < inflight && next < total && next - delivered < window) {
          busy.set(w, (busy.get(w) ?? 0) + 1);
          w.postMessage({ i: next, item: items[next] });
          next++;
        }
      }
    };

    const drain = async () => {
      if (draining) return;
      draining = true;
      try {
        while (!done && ready.has(delivered)) {
          const out = ready.get(delivered)!;
          ready.delete(delivered);
          await deliver(out, delivered);
          delivered++;
          dispatch();
        }
      } catch (err) {
        finish(err);
        return;
      } finally {
        draining = false;
      }
      if (!done && delivered === total) finish();
    };

    const started = opts.started ?? [];
    for (const w of started.slice(jobs)) void w.terminate();
    for (let k = 0; k < jobs; k++) {
      const w = started[k] ?? startWorker(handler, opts.options);
      w.ref();
      workers.push(w);
      w.on('message', (msg: Reply) => {
        busy.set(w, (busy.get(w) ?? 1) - 1);
        if (msg.error !== undefined) return finish(new Error(`worker failed on item ${msg.i}: ${msg.error}`));
        ready.set(msg.i, msg.out as O);
        dispatch();
        void drain();
      });
      w.on('error', (err) => finish(err));
      w.on('exit', (code) => {
        if (!done) finish(new Error(`worker thread stopped unexpectedly (exit code ${code})`));
      });
    }
    dispatch();
  });
}

export interface LoadOptions extends Omit<StreamOptions, 'bar'> {
  /** What the caller needs: see store.ts (`facts` < `evidence` < `full`). Default `full`. */
  need?: Need;
  /** Progress bar on stderr (only ever drawn when stderr is a terminal). Default true. */
  progress?: boolean;
}

/**
 * loadPaths on all cores: same corpus, same order (file order), same skipped list.
 * With `need` below `full`, units come without text and mentions are rebuilt from per-unit
 * facts (see store.ts), which is all matrix/compare/timeline/export --level unit look at.
 */
export async function loadPathsParallel(paths: string[], maxBytes = DEFAULT_MAX_BYTES, opts: LoadOptions = {}): Promise<Corpus> {
  const pool = streamer({ mode: opts.need ?? 'full' }, opts, paths);
  const { files, skipped } = walk(paths, maxBytes);
  const { addExtracted } = await import('./store.js');
  const corpus: Corpus = { units: [], mentions: [], skipped, files: 0 };
  const bar = opts.progress === false ? undefined : await progressBar(files.length, 'reading');
  try {
    await pool.stream(files, (out: import('./store.js').Extracted) => addExtracted(corpus, out), bar);
  } finally {
    bar?.stop();
  }
  return corpus;
}

/**
 * Files in batches of a few dozen (or a few hundred kilobytes): for many small files, one
 * message per batch instead of one per file.
 */
export function batches(files: FileEntry[], maxFiles = 32, maxBytes = 256 * 1024): FileEntry[][] {
  const out: FileEntry[][] = [];
  let cur: FileEntry[] = [];
  let bytes = 0;
  for (const f of files) {
    if (cur.length && (cur.length >= maxFiles || bytes + f.size > maxBytes)) {
      out.push(cur);
      (cur = []), (bytes = 0);
    }
    cur.push(f);
    bytes += f.size;
  }
  if (cur.length) out.push(cur);
  return out;
}

export interface StreamOptions {
  jobs?: number;
  /** Below this many files, extract in this thread (worker start-up would cost more). Default 200. */
  minFiles?: number;
  /** URL of a module exporting `processEntry`, instead of the pipeline (tests). */
  processor?: string;
  /** Advanced once per file delivered. */
  bar?: Progress;
}

/**
 * Run the extraction handler in a given mode over files, on all cores (in batches) or, for few
 * files, in this thread, and hand each file's result to `deliver` in file order, with its index;
 * nothing is kept, so memory stays flat however many files.
 */
export async function streamEntries<O>(files: FileEntry[], init: import('./extract.js').ExtractInit, opts: StreamOptions, deliver: (out: O, index: number) => void | Promise<void>): Promise<void> {
  return streamer(init, opts).stream(files, deliver, opts.bar);
}

export interface Streamer {
  /** streamEntries with the streamer's mode and options. */
  stream<O>(files: FileEntry[], deliver: (out: O, index: number) => void | Promise<void>, bar?: Progress): Promise<void>;
}

/**
 * streamEntries in two steps, for a caller that still has to walk PATHS: when PATHS look like
 * enough files for the workers, they start now and load the pipeline (150–200 ms of modules,
 * taxonomy and gazetteer) while this thread walks. Until `stream` they do not keep the process
 * alive, so a walk that fails ends the run as before.
 */
export function streamer(init: import('./extract.js').ExtractInit, opts: Omit<StreamOptions, 'bar'>, paths?: string[]): Streamer {
  const options = { ...init, processor: opts.processor };
  const minFiles = opts.minFiles ?? 200;
  const wanted = opts.jobs ?? defaultJobs();
  let started: Worker[] = [];
  // A worker that fails (or stops) before `stream` listens: kept to end that run with.
  let early: Error | undefined;
  if (paths && wanted > 1 && atLeastFiles(paths, minFiles)) {
    started = Array.from({ length: wanted }, () => startWorker(EXTRACT_HANDLER, { ...options, preload: true }));
    for (const w of started) {
      w.unref();
      w.on('error', (err) => (early ??= err));
      w.on('exit', (code) => (early ??= new Error(`worker thread stopped unexpectedly (exit code ${code})`)));
    }
  }
  return {
    async stream<O>(files: FileEntry[], deliver: (out: O, index: number) => void | Promise<void>, bar?: Progress): Promise<void> {
      const jobs = Math.min(wanted, files.length);
      if (jobs <= 1 || files.length < minFiles) {
        for (const w of started) void w.terminate();
        const ex = await import('./extract.js');
        await ex.init(options);
        for (let k = 0; k < files.length; k++) {
          await deliver(ex.handle(files[k]) as O, k);
          bar?.increment();
        }
        return;
      }
      if (early) {
        for (const w of started) void w.terminate();
        throw early;
      }
      for (const w of started) w.removeAllListeners();
      let k = 0;
      await mapOrdered(batches(files), { jobs, options, inflight: 4, window: jobs * 8, started }, async (outs: O[]) => {
        for (const o of outs) await deliver(o, k++);
        bar?.increment(outs.length);
      });
    },
  };
}

export interface Progress {
  increment(n?: number): void;
  stop(): void;
}

/** A cli-progress bar on stderr when it is a terminal and the job is long enough to watch. */
export async function progressBar(total: number, what: string, minTotal = 200): Promise<Progress | undefined> {
  if (!process.stderr.isTTY || total < minTotal) return undefined;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${what} [{bar}] {percentage}% | {value}/{total} files | {duration_formatted} (eta {eta_formatted})`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 200,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: (n = 1) => bar.increment(n), stop: () => bar.stop() };
}
