// Files → documents → units → mentions, for the commands that read PATHS directly.
import { buildDocument } from './document.js';
import { DEFAULT_MAX_BYTES, readBytes, walk, type FileEntry } from './ingest.js';
import { matchUnit } from './match.js';
import { documentUnits } from './units.js';
import type { Mention, Skipped, Unit } from './types.js';

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

/** Everything fangkong extracts from one file; pure, so workers can run it too. */
export function processBytes(file: string, bytes: Uint8Array): FileResult | Skipped {
  const doc = buildDocument(file, bytes);
  if ('reason' in doc) return doc;
  if (!REPORT_WORDS.test(doc.text)) return { file, reason: 'no epidemic-control wording (not a report)' };
  const units = documentUnits(doc);
  if (!units.length) return { file, reason: 'no report unit found' };
  const mentions = units.flatMap((u) => matchUnit(u.id, u.text));
  return { units, mentions };
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
