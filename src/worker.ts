// Worker-thread entry for pool.ts: load the handler module once (and let it load what it needs
// once: taxonomy, gazetteer, converters), then answer one message per item. A handler that
// fails to load makes the worker throw, which the pool reports as the run's error.
import { parentPort, workerData } from 'node:worker_threads';

interface Handler {
  init?: (options: unknown) => void | Promise<void>;
  handle: (item: unknown) => unknown;
  /** Buffers in a result to move to the main thread rather than copy. */
  transferList?: (out: unknown) => ArrayBuffer[];
}

const { handler, options } = workerData as { handler: string; options: unknown };
const port = parentPort!;
const mod = (await import(handler)) as Handler;
await mod.init?.(options);

port.on('message', async (msg: { i: number; item: unknown }) => {
  try {
    const out = await mod.handle(msg.item);
    port.postMessage({ i: msg.i, out }, mod.transferList?.(out) ?? []);
  } catch (err) {
    port.postMessage({ i: msg.i, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
