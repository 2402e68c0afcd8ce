// Files → documents → units → mentions, for the commands that read PATHS directly.
import { buildDocument } from './document.js';
import { DEFAULT_MAX_BYTES, readBytes, walk, type FileEntry } from './ingest.js';
import { matchUnit } from './match.js';
import { documentUnits } from './units.js';
import type { Document, Mention, Skipped, Unit } from './types.js';

export interface Corpus {
  units: Unit[];
  mentions: Mention[];
  skipped: Skipped[];
  /** Files that were read and produced units. */
  files: number;
}

export interface FileResult {
  units: Unit[];
  mentions: Mention[];
}

// Report vocabulary: a text with none of these is not an epidemic-control report.
const REPORT_WORDS = /疫|防控|新冠|肺炎|核酸|隔离|病毒|确诊|封控|口罩|健康码|流调|消杀/;

/** A file whose extraction threw: a bug, reported as the file's skip reason, never the run's end. */
export interface Failed {
  file: string;
  failed: string;
}

export type Processed = FileResult | Skipped | Failed;

/** Everything fangkong extracts from one file; pure, so workers can run it too. */
export function processBytes(file: string, bytes: Uint8Array): FileResult | Skipped {
  const doc = documentOf(file, bytes);
  if ('reason' in doc) return doc;
  const units = unitsOf(doc);
  if ('reason' in units) return units;
  return { units, mentions: mentionsOf(units) };
}

function documentOf(file: string, bytes: Uint8Array): Document | Skipped {
  const doc = buildDocument(file, bytes);
  if ('reason' in doc) return doc;
  if (!REPORT_WORDS.test(doc.text)) return { file, reason: 'no epidemic-control wording (not a report)' };
  return doc;
}

function unitsOf(doc: Document): Unit[] | Skipped {
  const units = documentUnits(doc);
  return units.length ? units : { file: doc.file, reason: 'no report unit found' };
}

const mentionsOf = (units: Unit[]): Mention[] => units.flatMap((u) => matchUnit(u.id, u.text));

/**
 * A batch of files, one stage at a time over all of them: each stage's code and tables
 * (conversion maps, gazetteer, matcher) stay in the processor's caches, where file by file the
 * stages evict each other; about a fifth faster on the bench corpus. A file that fails or is
 * skipped at one stage leaves the rest of the batch alone.
 */
export function processEntries(entries: readonly FileEntry[]): Processed[] {
  const out: Processed[] = new Array(entries.length);
  const stage = <I, O extends object>(inputs: readonly (I | undefined)[], step: (x: I, k: number) => O | Skipped): (O | undefined)[] =>
    inputs.map((x, k) => {
      if (x === undefined) return undefined;
      try {
        const r = step(x, k);
        if (!('reason' in r)) return r;
        out[k] = r;
      } catch (err) {
        out[k] = { file: entries[k].path, failed: err instanceof Error ? err.message : String(err) };
      }
      return undefined;
    });
  const docs = stage(stage(entries, readBytes), (bytes, k) => documentOf(entries[k].path, bytes));
  const units = stage(docs, unitsOf);
  stage(units, (us, k) => (out[k] = { units: us, mentions: mentionsOf(us) }));
  return out;
}

export function processEntry(entry: FileEntry): FileResult | Skipped {
  const bytes = readBytes(entry);
  if ('reason' in bytes) return bytes;
  return processBytes(entry.path, bytes);
}

export function loadPaths(paths: string[], maxBytes = DEFAULT_MAX_BYTES): Corpus {
  const { files, skipped } = walk(paths, maxBytes);
  const corpus: Corpus = { units: [], mentions: [], skipped, files: 0 };
  for (const entry of files) {
    const r = processEntry(entry);
    if ('reason' in r) {
      corpus.skipped.push(r);
      continue;
    }
    corpus.files++;
    corpus.units.push(...r.units);
    corpus.mentions.push(...r.mentions);
  }
  return corpus;
}
