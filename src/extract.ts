// One file through the pipeline, for the pool's workers (and in-process for small inputs): the
// result cut down to what the caller needs, or serialised for the store. Runs in workers, so
// everything here is plain data in, plain data out.
import type { FileEntry } from './ingest.js';
import type { FileResult, Processed } from './corpus.js';
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

type Processor = (entries: FileEntry[]) => Processed[];

let mode: Mode = 'full';
let sheet: SheetSpec | undefined;
let processor: Processor | undefined;

export interface ExtractInit {
  mode?: Mode;
  /** For mode `sheet`. */
  sheet?: SheetSpec;
  /** URL of a module exporting `processEntries` (tests inject a stub); default: corpus.ts. */
  processor?: string;
  /** Load now what the pipeline would load on its first report (gazetteer, conversion tables). */
  preload?: boolean;
}

/** Load the pipeline once; called by the worker before the first item. */
export async function init(o: ExtractInit = {}): Promise<void> {
  mode = o.mode ?? 'full';
  sheet = o.sheet;
  if (mode === 'sheet' && !sheet) throw new Error('extract: mode sheet needs a sheet spec');
  // The pipeline's taxonomy, matcher and examples first: a broken taxonomy stops the run with its
  // own message instead of failing every file as an internal error.
  if (!o.processor) (await import('./taxonomy.js')).loadTaxonomy().matcher;
  const mod = (await import(o.processor ?? './corpus.js')) as { processEntries: Processor };
  processor = mod.processEntries;
  if (o.preload && !o.processor) {
    // Workers start while the main thread walks PATHS: what they load here overlaps the walk
    // instead of holding up the first batch (about 70 ms: the gazetteer's indexes, the
    // Traditional→Simplified tables, the year cues).
    (await import('./place.js')).loadGazetteer();
    (await import('./script.js')).toSimplified('');
    (await import('./date.js')).loadYearCues();
  }
}

/** One file, or a batch of files (fewer messages between threads for many small files). */
export function handle(item: FileEntry | FileEntry[]): Extracted | Rendered | (Extracted | Rendered)[] {
  if (mode === 'sheet') return Array.isArray(item) ? renderBatch(item, sheet!) : renderBatch([item], sheet!)[0];
  const out = extractEntries(Array.isArray(item) ? item : [item], mode as Need | 'index');
  return Array.isArray(item) ? out : out[0];
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

type Outcome = FileResult | { file: string; skip: string; retry?: boolean };

function run(entries: FileEntry[]): Outcome[] {
  if (!processor) throw new Error('extract: init() was not called');
  return processor(entries).map((r, k): Outcome => {
    // One bad file must not end a run over a hundred thousand: it is skipped, with the reason,
    // and (in a store) tried again on the next index run.
    if ('failed' in r) return { file: entries[k].path, skip: `internal error while extracting: ${r.failed}`, retry: true };
    return 'reason' in r ? { file: entries[k].path, skip: r.reason } : r;
  });
}

/** Files rendered for the sheet, their bytes in one buffer (views into it, one per file). */
export function renderBatch(entries: FileEntry[], spec: SheetSpec): Rendered[] {
  const encoded: { r: Extract<Rendered, { bytes: Uint8Array }>; bytes: Uint8Array }[] = [];
  const out = run(entries).map((x, k): Rendered => {
    if ('skip' in x) return x;
    const { text, rows } = renderSheetPart(x, spec);
    const r = { file: entries[k].path, units: x.units.length, placeless: x.units.reduce((n, u) => n + (u.place ? 0 : 1), 0), rows, bytes: new Uint8Array(0) };
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

export function extractEntries(entries: FileEntry[], as: Need | 'index'): Extracted[] {
  return run(entries).map((r, k): Extracted => {
    if ('skip' in r) return r;
    const file = entries[k].path;
    if (as === 'index') return { file, indexed: indexedFile(r) };
    if (as === 'full') return { file, units: r.units, mentions: r.mentions };
    // `facts`: one bare mention per unit × measure × status; `evidence`: first mentions, counted.
    const facts = as === 'evidence' ? factsOf(r.mentions, true) : factsOf(r.mentions, false).map((f) => ({ first: f.first, count: 1 }));
    return { file, units: stripText(r.units), facts };
  });
}
