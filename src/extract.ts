// One file through the pipeline, for the pool's workers (and in-process for small inputs): the
// result cut down to what the caller needs, or serialised for the store. Runs in workers, so
// everything here is plain data in, plain data out.
import type { FileEntry } from './ingest.js';
import type { FileResult } from './corpus.js';
import type { Skipped } from './types.js';
import { renderSheetPart, type SheetSpec } from './sheet.js';
import { utf8Bytes } from './utf8.js';
import { factsOf, indexedFile, stripText, type Extracted, type Need } from './store.js';

/** `sheet`: render the export rows here and hand back only text (streaming export). */
export type Mode = Need | 'index' | 'sheet';

/**
 * A file rendered for the sheet: its rows as UTF-8, and how many units it had without a place.
 * Bytes, not text: the files of a batch share one buffer that moves to the main thread without
 * a copy, and the main thread writes it as it is (no decoding of a copy, no encoding to write).
 */
export type Rendered = { file: string; skip: string; retry?: boolean } | { file: string; units: number; placeless: number; bytes: Uint8Array; rows: number };

type Processor = (entry: FileEntry) => FileResult | Skipped;

let mode: Mode = 'full';
let sheet: SheetSpec | undefined;
let processor: Processor | undefined;

export interface ExtractInit {
  mode?: Mode;
  /** For mode `sheet`. */
  sheet?: SheetSpec;
  /** URL of a module exporting `processEntry` (tests inject a stub); default: corpus.ts. */
  processor?: string;
}

/** Load the pipeline once; called by the worker before the first item. */
export async function init(o: ExtractInit = {}): Promise<void> {
  mode = o.mode ?? 'full';
  sheet = o.sheet;
  if (mode === 'sheet' && !sheet) throw new Error('extract: mode sheet needs a sheet spec');
  // The pipeline's taxonomy, matcher and examples first: a broken taxonomy stops the run with its
  // own message instead of failing every file as an internal error.
  if (!o.processor) (await import('./taxonomy.js')).loadTaxonomy().matcher;
  const mod = (await import(o.processor ?? './corpus.js')) as { processEntry: Processor };
  processor = mod.processEntry;
}

/** One file, or a batch of files (fewer messages between threads for many small files). */
export function handle(item: FileEntry | FileEntry[]): Extracted | Rendered | (Extracted | Rendered)[] {
  if (mode === 'sheet') return Array.isArray(item) ? renderBatch(item, sheet!) : renderBatch([item], sheet!)[0];
  const one = (e: FileEntry) => extractEntry(e, mode as Need | 'index');
  return Array.isArray(item) ? item.map(one) : one(item);
}

/** What postMessage may move instead of copy: the buffers rendered files' bytes live in. */
export function transferList(out: unknown): ArrayBuffer[] {
  const list = new Set<ArrayBuffer>();
  for (const r of Array.isArray(out) ? out : [out]) {
    const b = (r as { bytes?: Uint8Array }).bytes?.buffer;
    if (b instanceof ArrayBuffer) list.add(b);
  }
  return [...list];
}

function run(entry: FileEntry): FileResult | { file: string; skip: string; retry?: boolean } {
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
  return 'reason' in r ? { file: entry.path, skip: r.reason } : r;
}

/** Files rendered for the sheet, their bytes in one buffer (views into it, one per file). */
export function renderBatch(entries: FileEntry[], spec: SheetSpec): Rendered[] {
  const encoded: { r: Extract<Rendered, { bytes: Uint8Array }>; bytes: Uint8Array }[] = [];
  const out = entries.map((entry): Rendered => {
    const x = run(entry);
    if ('skip' in x) return x;
    const { text, rows } = renderSheetPart(x, spec);
    const r = { file: entry.path, units: x.units.length, placeless: x.units.reduce((n, u) => n + (u.place ? 0 : 1), 0), rows, bytes: new Uint8Array(0) };
    encoded.push({ r, bytes: utf8Bytes(text) });
    return r;
  });
  // One buffer of the batch's own (never Node's shared pool, which must not be transferred).
  const all = new Uint8Array(encoded.reduce((n, e) => n + e.bytes.length, 0));
  let at = 0;
  for (const { r, bytes } of encoded) {
    all.set(bytes, at);
    r.bytes = all.subarray(at, (at += bytes.length));
  }
  return out;
}

export function extractEntry(entry: FileEntry, as: Need | 'index'): Extracted {
  const r = run(entry);
  if ('skip' in r) return r;
  if (as === 'index') return { file: entry.path, indexed: indexedFile(r) };
  if (as === 'full') return { file: entry.path, units: r.units, mentions: r.mentions };
  // `facts`: one bare mention per unit × measure × status; `evidence`: first mentions, counted.
  const facts = as === 'evidence' ? factsOf(r.mentions, true) : factsOf(r.mentions, false).map((f) => ({ first: f.first, count: 1 }));
  return { file: entry.path, units: stripText(r.units), facts };
}
