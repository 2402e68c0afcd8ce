// Glue between commander and the commands: lazy loading, error reporting, exit codes.
import type { Command } from 'commander';

/** A mistake in how fangkong was called: one line on stderr, exit 2. */
export class UsageError extends Error {}

type Handler = (args: string[], opts: Record<string, unknown>) => Promise<number | void>;

const loaders: Record<string, () => Promise<{ run: Handler }>> = {
  reports: () => import('./reports.js'),
  export: () => import('./export.js'),
  measures: () => import('./measures.js'),
  matrix: () => import('./matrix.js'),
  compare: () => import('./compare.js'),
  timeline: () => import('./timeline.js'),
  search: () => import('./search.js'),
  index: () => import('./index.js'),
};

export function runAction(name: string) {
  return async (...actionArgs: unknown[]): Promise<void> => {
    const cmd = actionArgs[actionArgs.length - 1] as Command;
    const opts = cmd.optsWithGlobals() as Record<string, unknown>;
    const args = actionArgs.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a : a === undefined ? [] : [a as string]));
    try {
      const { run } = await loaders[name]();
      const code = await run(args, opts);
      process.exitCode = code ?? 0;
    } catch (err) {
      const { MissingPathError } = await import('../ingest.js');
      if (err instanceof UsageError || err instanceof MissingPathError) {
        process.stderr.write(`fangkong: ${(err as Error).message}\n`);
        if (opts.debug) process.stderr.write(`${(err as Error).stack}\n`);
        process.exitCode = 2;
        return;
      }
      if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') return;
      const msg = err instanceof Error ? err.message : String(err);
      process.stderr.write(`fangkong: ${msg}\n`);
      process.stderr.write(opts.debug && err instanceof Error ? `${err.stack}\n` : '(run with --debug for details)\n');
      process.exitCode = 1;
    }
  };
}
