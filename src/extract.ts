// One file through the pipeline, for the pool's workers (and in-process for small inputs): the
// result cut down to what the caller needs, or serialised for the store. Runs in workers, so
// everything here is plain data in, plain data out.
import type { FileEntry } from './ingest.js';
import type { FileResult } from './corpus.js';
import type { Skipped } from './types.js';
import { factsOf, indexedFile, stripText, type Extracted, type Need } from './store.js';

export type Mode = Need | 'index';

type Processor = (entry: FileEntry) => FileResult | Skipped;

let mode: Mode = 'full';
let processor: Processor | undefined;

export interface ExtractInit {
  mode?: Mode;
  /** URL of a module exporting `processEntry` (tests inject a stub); default: corpus.ts. */
  processor?: string;
}

/** Load the pipeline once; called by the worker before the first item. */
export async function init(o: ExtractInit = {}): Promise<void> {
  mode = o.mode ?? 'full';
  const mod = (await import(o.processor ?? './corpus.js')) as { processEntry: Processor };
  processor = mod.processEntry;
}

export function handle(entry: FileEntry): Extracted {
  return extractEntry(entry, mode);
}

export function extractEntry(entry: FileEntry, as: Mode): Extracted {
  if (!processor) throw new Error('extract: init() was not called');
  let r: FileResult | Skipped;
  try {
    r = processor(entry);
  } catch (err) {
    // One bad file must not end a run over a hundred thousand: it is skipped, with the reason,
    // and (in a store) tried again on the next index run.
    const msg = err instanceof Error ? err.message : String(err);
    return { file: entry.path, skip: `internal error while extracting: ${msg}`, retry: true };
  }
  if ('reason' in r) return { file: entry.path, skip: r.reason };
  if (as === 'index') return { file: entry.path, indexed: indexedFile(r) };
  if (as === 'full') return { file: entry.path, units: r.units, mentions: r.mentions };
  // `facts`: one bare mention per unit × measure × status; `evidence`: first mentions, counted.
  const facts = as === 'evidence' ? factsOf(r.mentions, true) : factsOf(r.mentions, false).map((f) => ({ first: f.first, count: 1 }));
  return { file: entry.path, units: stripText(r.units), facts };
}
