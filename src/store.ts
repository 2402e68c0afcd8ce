// The on-disk store built by `fangkong index`: extract once, query many times.
//
// DIR/manifest.json                  format, fangkong and taxonomy versions; every file (walk
//                                    order) with size, mtime, and its shard or skip reason;
//                                    the files the walk skipped; the shard list
// DIR/shards/NNNNNN.facts.json       the index: the shard's files, its distinct strings, a
//                                    fixed number of numbers per unit (no text; strings by
//                                    index), four per unit × measure × status (unit, measure,
//                                    status, mention count)
// DIR/shards/NNNNNN.evidence.json    per file: its distinct evidence sentences, and per fact
//                                    the first mention's cue and offsets
// DIR/shards/NNNNNN.units.ndjson     full units, one JSON object a line (text included)
// DIR/shards/NNNNNN.mentions.ndjson  every mention, one line per file (sentences as offsets)
//
// Queries say what they need (see loadStore): `facts` (matrix, timeline, reports) reads only
// the facts files, `evidence` (compare, export) adds the evidence files, `full` (search,
// export --level mention) reads the NDJSON shards. From facts, mentions are rebuilt as each
// fact's first mention repeated `count` times: every query that does not look past the first
// mention of a measure with a status in a unit (matrix, compare, timeline, export --level unit)
// gives the same answer as on the real mentions.
//
// Shards are never rewritten in place: an index run writes new shards (temporary name, fsync,
// rename), then commits by replacing manifest.json the same way, then deletes shards the new
// manifest does not name. A crash at any point leaves the previous store readable.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Corpus, FileResult } from './corpus.js';
import type { FileEntry } from './ingest.js';
import type { FactUnit, Mention, Place, Status, Unit, Skipped } from './types.js';
import { UsageError } from './commands/run.js';
import { utf8Text } from './utf8.js';
import { decodeTable, encodeTable, TABLE_FILE, type Stamp, type StoreTable } from './tablefile.js';

/** What a query needs from the store (or from the pool), each level a superset of the one before; see loadStore. */
export type Need = 'facts' | 'evidence' | 'full';

export const STORE_FORMAT = 2;
const MANIFEST = 'manifest.json';
const SHARDS = 'shards';
/** A shard is closed once its NDJSON passes this size or file count. */
const SHARD_BYTES = 4 * 1024 * 1024;
const SHARD_FILES = 2000;

/** A store that is missing or cannot be read: a clear one-line message for the user (exit 2). */
export class StoreError extends UsageError {}

// ---------- facts: mentions reduced to first mention + count ----------

/** The first mention of one measure with one status in one unit, and how many there are. */
export interface Fact {
  first: Mention;
  count: number;
}

/** Facts in order of first occurrence; without evidence, the first mention keeps only its keys. */
export function factsOf(mentions: Mention[], evidence = true): Fact[] {
  const seen = new Map<string, Fact>();
  const out: Fact[] = [];
  for (const m of mentions) {
    const k = `${m.unitId}\u0000${m.measureId}\u0000${m.status}`;
    let f = seen.get(k);
    if (!f) {
      const first = evidence ? m : bareMention(m.unitId, m.measureId, m.category, m.status);
      seen.set(k, (f = { first, count: 0 }));
      out.push(f);
    }
    f.count++;
  }
  return out;
}

function bareMention(unitId: string, measureId: string, category: string, status: Status): Mention {
  return { unitId, measureId, category, status, cue: '', start: 0, end: 0, sentence: '', sentenceStart: 0 };
}

/**
 * A mention without evidence, as `facts` loading makes one per fact of the store (matrix reads
 * hundreds of thousands): its four keys are its own fields, the empty evidence sits on the
 * prototype. Objects half the size cut the time loading spends allocating and collecting by
 * about a third. JSON gets every field (toJSON); never hand one to another thread or spread it,
 * which would copy the four keys only.
 */
class StoredFact implements Mention {
  declare cue: string;
  declare start: number;
  declare end: number;
  declare sentence: string;
  declare sentenceStart: number;
  constructor(
    public unitId: string,
    public measureId: string,
    public category: string,
    public status: Status,
  ) {}

  toJSON(): Mention {
    return bareMention(this.unitId, this.measureId, this.category, this.status);
  }
}
Object.assign(StoredFact.prototype, { cue: '', start: 0, end: 0, sentence: '', sentenceStart: 0 });

/** Mentions rebuilt from facts: each first mention `count` times (the same object). */
export function mentionsFromFacts(facts: Fact[], into: Mention[] = []): Mention[] {
  for (const f of facts) for (let k = 0; k < f.count; k++) into.push(f.first);
  return into;
}

/** Units without their text, for callers that never read it. */
export function stripText(units: Unit[]): Unit[] {
  return units.map((u) => ({ ...u, text: '', original: '' }));
}

// ---------- what the workers send back ----------

/** One fact as a row: unit (index in its file), measure, category, status (1 = lifted), count. */
export type FactRow = [number, string, string, 0 | 1, number];

/**
 * One file's part of a shard, prepared by the worker (where the JSON work runs in parallel):
 * unit rows and facts as rows, evidence and mentions as one JSON text each, units as NDJSON lines.
 */
export interface IndexedFile {
  units: number;
  mentions: number;
  unitRows: UnitRow[];
  facts: FactRow[];
  evidence: string;
  unitLines: string;
  mentionLine: string;
}

export type Extracted =
  | { file: string; skip: string; retry?: boolean }
  | { file: string; units: Unit[]; mentions?: Mention[]; facts?: Fact[] }
  | { file: string; indexed: IndexedFile };

type PlaceRow = [string, string, string, string, Place['level']];
type UnitRow = [string, string | null, PlaceRow | null, string | null, string | null, string | null, number | null, Unit['yearSource'], Unit['script'], number];
/** A unit in a shard index: UNIT_WIDTH numbers, string fields as indexes into the shard's strings (-1: none). */
const UNIT_WIDTH = 14;
/** The two unit fields that are numbers, not string indexes: year (-1: none) and length. */
const UNIT_YEAR = 10;
const UNIT_CHARS = 13;
/** A file's evidence: its distinct sentences, and per fact [cue, start, end, sentenceStart, sentence index]. */
type FileEvidence = [string[], [string, number, number, number, number][]];
/** A mention: unit index, measure, category, status, cue, start, end, sentenceStart, sentence length, and the sentence itself only when it is not that slice of the unit text. */
type MentionRow = [number, string, string, 0 | 1, string, number, number, number, number, string?];

function unitRow(u: Unit): UnitRow {
  const p = u.place;
  return [
    u.id,
    u.heading ?? null,
    p ? [p.name, p.code, p.prefecture, p.province, p.level] : null,
    u.placeEvidence ?? null,
    u.eventDate ?? null,
    u.publishedDate ?? null,
    u.year ?? null,
    u.yearSource,
    u.script,
    u.chars,
  ];
}

/** Unit row → UNIT_WIDTH numbers, strings interned in the shard's table. */
function flatUnit(r: UnitRow, intern: (s: string | null) => number, into: number[]): void {
  const p = r[2];
  into.push(intern(r[0]), intern(r[1]));
  if (p) into.push(intern(p[0]), intern(p[1]), intern(p[2]), intern(p[3]), intern(p[4]));
  else into.push(-1, -1, -1, -1, -1);
  into.push(intern(r[3]), intern(r[4]), intern(r[5]), r[6] ?? -1, intern(r[7]), intern(r[8]), r[9]);
}

/** The k-th unit of a shard index back as a row (to carry it into another shard). */
function unitRowAt(idx: ShardIndex, k: number): UnitRow {
  const a = idx.units;
  const o = k * UNIT_WIDTH;
  const s = (i: number) => (a[o + i] < 0 ? null : idx.strings[a[o + i]]);
  const place: PlaceRow | null = a[o + 2] < 0 ? null : [s(2)!, s(3)!, s(4)!, s(5)!, s(6) as Place['level']];
  return [s(0)!, s(1), place, s(7), s(8), s(9), a[o + UNIT_YEAR] < 0 ? null : a[o + UNIT_YEAR], s(11) as Unit['yearSource'], s(12) as Unit['script'], a[o + UNIT_CHARS]];
}

function unitAt(idx: ShardIndex, k: number, file: string, places: Map<string, Place>): Unit | undefined {
  const a = idx.units;
  const str = idx.strings;
  const o = k * UNIT_WIDTH;
  if (o + UNIT_WIDTH > a.length) return undefined;
  const u: Unit = { id: str[a[o]], file, text: '', original: '', script: str[a[o + 12]] as Unit['script'], yearSource: str[a[o + 11]] as Unit['yearSource'], chars: a[o + UNIT_CHARS] };
  if (a[o + 1] >= 0) u.heading = str[a[o + 1]];
  const place = placeAt(idx, o, places);
  if (place) u.place = place;
  if (a[o + 7] >= 0) u.placeEvidence = str[a[o + 7]];
  if (a[o + 8] >= 0) u.eventDate = str[a[o + 8]];
  if (a[o + 9] >= 0) u.publishedDate = str[a[o + 9]];
  if (a[o + UNIT_YEAR] >= 0) u.year = a[o + UNIT_YEAR];
  return u;
}

/** Only what counting reads of the k-th unit: its place and year. */
function factUnitAt(idx: ShardIndex, k: number, places: Map<string, Place>): FactUnit | undefined {
  const o = k * UNIT_WIDTH;
  if (o + UNIT_WIDTH > idx.units.length) return undefined;
  const u: FactUnit = {};
  const place = placeAt(idx, o, places);
  if (place) u.place = place;
  if (idx.units[o + UNIT_YEAR] >= 0) u.year = idx.units[o + UNIT_YEAR];
  return u;
}

function placeAt(idx: ShardIndex, o: number, places: Map<string, Place>): Place | undefined {
  const a = idx.units;
  const str = idx.strings;
  if (a[o + 2] < 0) return undefined;
  // Units of one place share its object: a corpus names a few thousand places, not one per unit.
  const name = str[a[o + 2]];
  const code = str[a[o + 3]];
  const key = `${code}\u0000${name}`;
  let p = places.get(key);
  if (!p || p.prefecture !== str[a[o + 4]] || p.province !== str[a[o + 5]] || p.level !== str[a[o + 6]]) {
    p = { name, code, prefecture: str[a[o + 4]], province: str[a[o + 5]], level: str[a[o + 6]] as Place['level'] };
    places.set(key, p);
  }
  return p;
}

const bit = (s: Status): 0 | 1 => (s === 'lifted' ? 1 : 0);
const statusOf = (b: number): Status => (b === 1 ? 'lifted' : 'in_force');

/** A file's extraction in store form. */
export function indexedFile(r: FileResult): IndexedFile {
  const local = new Map(r.units.map((u, i) => [u.id, i]));
  const unitOf = (id: string) => {
    const i = local.get(id);
    if (i === undefined) throw new Error(`mention of unknown unit ${id}`);
    return i;
  };
  const facts = factsOf(r.mentions);
  const sentences = new Map<string, number>();
  const evidence: FileEvidence = [[], []];
  for (const f of facts) {
    const m = f.first;
    let si = sentences.get(m.sentence);
    if (si === undefined) {
      sentences.set(m.sentence, (si = evidence[0].length));
      evidence[0].push(m.sentence);
    }
    evidence[1].push([m.cue, m.start, m.end, m.sentenceStart, si]);
  }
  // Sentences are slices of the unit text: stored as offsets, the text itself only if not.
  const mentionRows = r.mentions.map((m): MentionRow => {
    const u = unitOf(m.unitId);
    const row: MentionRow = [u, m.measureId, m.category, bit(m.status), m.cue, m.start, m.end, m.sentenceStart, m.sentence.length];
    if (r.units[u].text.substr(m.sentenceStart, m.sentence.length) !== m.sentence) row.push(m.sentence);
    return row;
  });
  return {
    units: r.units.length,
    mentions: r.mentions.length,
    unitRows: r.units.map(unitRow),
    facts: facts.map((f) => [unitOf(f.first.unitId), f.first.measureId, f.first.category, bit(f.first.status), f.count]),
    evidence: JSON.stringify(evidence),
    // `original` is left out when it equals `text` (every Simplified report).
    unitLines: r.units.map((u) => JSON.stringify(u.original === u.text ? { ...u, original: undefined } : u) + '\n').join(''),
    mentionLine: JSON.stringify(mentionRows) + '\n',
  };
}

/** Add one extracted file to a corpus being loaded (pool path). */
export function addExtracted(corpus: Corpus, x: Extracted): void {
  if ('skip' in x) return void corpus.skipped.push({ file: x.file, reason: x.skip });
  if ('indexed' in x) throw new Error('addExtracted: an index-mode result cannot be loaded');
  corpus.files++;
  for (const u of x.units) corpus.units.push(u);
  if (x.mentions) for (const m of x.mentions) corpus.mentions.push(m);
  if (x.facts) mentionsFromFacts(x.facts, corpus.mentions);
}

// ---------- manifest ----------

export interface ManifestFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** The shard holding the file's units, or… */
  shard?: number;
  /** …why it produced none. */
  skip?: string;
  /** Skipped on an internal error: extracted again on the next run even if unchanged. */
  retry?: boolean;
}

export interface ShardInfo {
  id: number;
  files: number;
  units: number;
  mentions: number;
  facts: number;
  bytes: number;
}

export interface Manifest {
  format: number;
  fangkong: string;
  taxonomy: string;
  paths: string[];
  maxBytes: number;
  created: string;
  updated: string;
  nextShard: number;
  shards: ShardInfo[];
  /** Every file the walk found and read, in walk order (the order queries see). */
  files: ManifestFile[];
  /** Files the walk itself skipped (too large, unreadable, links…), in walk order. */
  skipped: Skipped[];
}

/**
 * NNNNNN.facts.json. `units` is flat, UNIT_WIDTH numbers a unit (see flatUnit); `facts` is flat,
 * four numbers a fact: unit (index in its file), measure (index in `measures`), status (1 =
 * lifted), count. matrix --store reads every unit and fact of the store, so they are written
 * for speed: strings once each in a table, numbers packed (packInts), which parse several
 * times faster than rows of strings and JSON arrays of numbers.
 */
interface ShardIndex {
  files: { path: string; units: number; mentions: number; facts: number }[];
  measures: [string, string][];
  strings: string[];
  units: Int32Array;
  facts: Int32Array;
}

/** How a shard index is written: ShardIndex with its numbers packed. */
interface ShardIndexFile extends Omit<ShardIndex, 'units' | 'facts'> {
  units: string;
  facts: string;
}

/** Integers ≥ -1 as base64 of LEB128 varints of n + 1: most take one byte. */
export function packInts(xs: readonly number[]): string {
  const out = Buffer.allocUnsafe(xs.length * 5);
  let o = 0;
  for (const x of xs) {
    if (!Number.isInteger(x) || x < -1 || x >= 2 ** 31 - 1) throw new Error(`packInts: ${x} is out of range`);
    let v = x + 1;
    while (v >= 0x80) {
      out[o++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[o++] = v;
  }
  return out.toString('base64', 0, o);
}

/** packInts undone; undefined if the text is not its output. */
export function unpackInts(text: string): Int32Array | undefined {
  const b = Buffer.from(text, 'base64');
  const out = new Int32Array(b.length);
  let n = 0;
  for (let i = 0; i < b.length; ) {
    let byte = b[i];
    if (byte < 0x80) {
      out[n++] = byte - 1;
      i++;
      continue;
    }
    let v = 0;
    let shift = 0;
    do {
      if (i >= b.length || shift > 28) return undefined;
      byte = b[i++];
      v += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    if (v > 2 ** 31 - 1) return undefined;
    out[n++] = v - 1;
  }
  return out.subarray(0, n);
}

const shardName = (id: number) => String(id).padStart(6, '0');
const shardPath = (dir: string, id: number, kind: 'facts.json' | 'evidence.json' | 'units.ndjson' | 'mentions.ndjson') => join(dir, SHARDS, `${shardName(id)}.${kind}`);

function rebuildHint(dir: string): string {
  return `rebuild it with: fangkong index PATHS --store ${dir}`;
}

/** The manifest, or a StoreError saying what is wrong with the folder. */
export function readManifest(dir: string): Manifest {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      let exists = false;
      try {
        exists = statSync(dir).isDirectory();
      } catch {
        /* missing */
      }
      throw new StoreError(exists ? `${dir} is not a fangkong store (no ${MANIFEST}); build one with: fangkong index PATHS --store ${dir}` : `no store at ${dir}; build one with: fangkong index PATHS --store ${dir}`);
    }
    throw new StoreError(`cannot read store ${dir}: ${(err as Error).message}`);
  }
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (err) {
    throw new StoreError(`store ${dir} is damaged (${MANIFEST}: ${(err as Error).message}); ${rebuildHint(dir)}`);
  }
  if (!m || typeof m !== 'object' || typeof m.format !== 'number' || !Array.isArray(m.files) || !Array.isArray(m.shards) || !Array.isArray(m.skipped)) {
    throw new StoreError(`store ${dir} is damaged (${MANIFEST} is not a store manifest); ${rebuildHint(dir)}`);
  }
  if (m.format > STORE_FORMAT) throw new StoreError(`store ${dir} was written by a newer fangkong (store format ${m.format}; this one reads ${STORE_FORMAT})`);
  if (m.format < STORE_FORMAT) throw new StoreError(`store ${dir} has an old format (${m.format}); ${rebuildHint(dir)}`);
  return m;
}

// ---------- versions ----------

let taxonomyVersionCache: string | undefined;

/** The taxonomy's version hash; `unknown` while the taxonomy module cannot be loaded. */
export async function taxonomyVersion(): Promise<string> {
  if (taxonomyVersionCache === undefined) {
    try {
      const mod = (await import('./taxonomy.js')) as { loadTaxonomy: () => { version?: unknown } };
      taxonomyVersionCache = String(mod.loadTaxonomy().version ?? 'unknown');
    } catch {
      taxonomyVersionCache = 'unknown';
    }
  }
  return taxonomyVersionCache;
}

export function fangkongVersion(): string {
  try {
    return String((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0');
  } catch {
    return '0';
  }
}

// ---------- loading ----------

type ShardKind = 'facts.json' | 'evidence.json' | 'units.ndjson' | 'mentions.ndjson';

function damaged(dir: string, what: string): StoreError {
  return new StoreError(`store ${dir} is damaged (${what}); ${rebuildHint(dir)}`);
}

function readShardFile(dir: string, id: number, kind: ShardKind): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(shardPath(dir, id, kind));
  } catch (err) {
    throw damaged(dir, `cannot read ${SHARDS}/${shardName(id)}.${kind}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const text = utf8Text(bytes);
  if (text === undefined) throw damaged(dir, `${SHARDS}/${shardName(id)}.${kind} is not UTF-8`);
  return text;
}

function parseShardJson<T>(dir: string, id: number, kind: 'facts.json' | 'evidence.json'): T {
  const text = readShardFile(dir, id, kind);
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw damaged(dir, `${SHARDS}/${shardName(id)}.${kind}: ${(err as Error).message}`);
  }
}

function readShardIndex(dir: string, id: number): ShardIndex {
  const raw = parseShardJson<ShardIndexFile>(dir, id, 'facts.json');
  const bad = () => damaged(dir, `${SHARDS}/${shardName(id)}.facts.json is not a shard index`);
  if (!raw || !Array.isArray(raw.files) || !Array.isArray(raw.measures) || !Array.isArray(raw.strings) || typeof raw.units !== 'string' || typeof raw.facts !== 'string') throw bad();
  const units = unpackInts(raw.units);
  const facts = unpackInts(raw.facts);
  if (!units || !facts || units.length % UNIT_WIDTH || facts.length % 4) throw bad();
  // Every string a unit names must be in the table.
  for (let i = 0; i < units.length; i++) {
    const f = i % UNIT_WIDTH;
    if (f !== UNIT_YEAR && f !== UNIT_CHARS && units[i] >= raw.strings.length) throw bad();
  }
  return { ...raw, units, facts };
}

function ndjsonLines(dir: string, id: number, kind: 'units.ndjson' | 'mentions.ndjson'): string[] {
  const text = readShardFile(dir, id, kind);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function parseLine<T>(dir: string, id: number, kind: string, line: string | undefined): T {
  try {
    if (line === undefined) throw new Error('fewer lines than its index says');
    return JSON.parse(line) as T;
  } catch (err) {
    throw damaged(dir, `${SHARDS}/${shardName(id)}.${kind}: ${(err as Error).message}`);
  }
}

/**
 * Read a store as a Corpus, in the order `export PATHS` gives (walk order). What is read
 * depends on `need`:
 * - `facts`: the facts files only. Units have no text; mentions are one bare mention (no cue,
 *   offsets or sentence) per unit × measure × status. Enough for matrix, timeline, reports.
 * - `evidence`: also the evidence files. Mentions are each unit × measure × status's first
 *   mention, repeated as many times as there are mentions. Enough for compare and
 *   export --level unit: anything that reads statuses, counts and first mentions.
 * - `full`: the NDJSON shards: units with text and every mention, as extracted.
 */
export async function loadStore(dir: string, need: Need = 'full'): Promise<Corpus> {
  if (need === 'facts') {
    const { units, unit, measure, lifted, skipped, files } = await readStoreTable(dir);
    const measures = (await import('./taxonomy.js')).loadTaxonomy().measures;
    const mentions: Mention[] = new Array(unit.length);
    for (let i = 0; i < unit.length; i++) {
      const m = measures[measure[i]];
      mentions[i] = new StoredFact(units[unit[i]].id, m.id, m.category, statusOf(lifted[i]));
    }
    return { units, mentions, skipped, files };
  }
  const corpus: Corpus = { units: [], mentions: [], skipped: [], files: 0 };
  await readStore(dir, need, corpus);
  return corpus;
}

/**
 * A store's units and facts as a table, for counting queries: from the store's table file when it
 * is current, else from the shards (as loadStore's `facts`).
 */
export async function loadStoreFacts(dir: string): Promise<StoreTable> {
  const measures = (await import('./taxonomy.js')).loadTaxonomy().measures.length;
  let table: StoreTable | undefined;
  try {
    table = decodeTable(readFileSync(join(dir, TABLE_FILE)), manifestStamp(dir), await tableVersion(), measures);
  } catch {
    // No table file, or no manifest (which the shards' reader reports).
  }
  return table ?? readStoreTable(dir, true);
}

function manifestStamp(dir: string): Stamp {
  const st = statSync(join(dir, MANIFEST));
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
}

async function tableVersion(): Promise<string> {
  return `${STORE_FORMAT} ${await taxonomyVersion()}`;
}

/** The fact table from the shards: with whole units for loadStore, else (`lean`) with only
 * each unit's place and year, all that counting and the table file need (a fraction of the memory). */
async function readStoreTable(dir: string): Promise<StoreTable & { units: Unit[] }>;
async function readStoreTable(dir: string, lean: true): Promise<StoreTable>;
async function readStoreTable(dir: string, lean = false): Promise<StoreTable> {
  const corpus: Corpus = { units: [], mentions: [], skipped: [], files: 0 };
  const table: FactColumns = { unit: [], measure: [], lifted: [], units: lean ? [] : undefined };
  await readStore(dir, 'facts', corpus, table);
  return { units: table.units ?? corpus.units, unit: Int32Array.from(table.unit), measure: Int32Array.from(table.measure), lifted: Uint8Array.from(table.lifted), skipped: corpus.skipped, files: corpus.files };
}

/** Facts while a store is read: plain arrays of small integers (no object per fact). */
interface FactColumns {
  unit: number[];
  measure: number[];
  lifted: number[];
  /** Where units go as FactUnit only, instead of whole into the corpus (see readStoreTable). */
  units?: FactUnit[];
}

/** What eachStoreFile hands on: first the skipped files and how many files follow, then each file. */
export interface StoreStream {
  start: (skipped: Skipped[], files: number) => void | Promise<void>;
  each: (part: { units: Unit[]; mentions: Mention[] }) => void | Promise<void>;
}

/**
 * loadStore a file at a time, in walk order: `each` gets one file's units and mentions, and
 * nothing is kept, so memory stays flat however large the store. `start` first gets every file
 * the store skipped (in the order loadStore lists them) and the number of files to come.
 */
export async function eachStoreFile(dir: string, need: Need, stream: StoreStream): Promise<Pick<Corpus, 'skipped' | 'files'>> {
  const corpus: Corpus = { units: [], mentions: [], skipped: [], files: 0 };
  await readStore(dir, need, corpus, undefined, stream);
  return { skipped: corpus.skipped, files: corpus.files };
}

async function readStore(
  dir: string,
  need: Need,
  corpus: Corpus,
  table?: FactColumns,
  stream?: StoreStream,
): Promise<void> {
  const m = readManifest(dir);
  const current = await taxonomyVersion();
  if (m.taxonomy !== current) {
    throw new StoreError(`store ${dir} was built with another version of the taxonomy (${m.taxonomy}; now ${current}); update it with: fangkong index ${m.paths.map(shellWord).join(' ')} --store ${dir}`);
  }
  const measureIndex = need === 'facts' ? (await import('./query.js')).measureOrder() : undefined;
  // Files are read in manifest (walk) order. A shard is opened when its first file comes up and
  // dropped after its last; after a fresh index, shards follow walk order and files sit in each
  // shard in the same order, so the next file is found at the shard's cursor without a lookup.
  const left = new Map<number, number>();
  for (const f of m.files) if (f.shard !== undefined) left.set(f.shard, (left.get(f.shard) ?? 0) + 1);
  const open = new Map<number, OpenShard>();
  const places = new Map<string, Place>();
  corpus.skipped.push(...m.skipped);
  for (const f of m.files) if (f.skip !== undefined) corpus.skipped.push({ file: f.path, reason: f.skip });
  await stream?.start(corpus.skipped, m.files.filter((f) => f.shard !== undefined).length);
  for (const f of m.files) {
    if (f.shard === undefined) continue;
    let sh = open.get(f.shard);
    if (!sh) open.set(f.shard, (sh = openShard(dir, f.shard, need, measureIndex)));
    const at = locate(sh, f.path);
    if (!at) throw damaged(dir, `${SHARDS}/${shardName(f.shard)}.facts.json does not list ${f.path}`);
    readFileFacts(dir, sh, at, f.path, places, corpus, table);
    corpus.files++;
    if (stream) {
      await stream.each({ units: corpus.units, mentions: corpus.mentions });
      corpus.units = [];
      corpus.mentions = [];
    }
    const n = left.get(f.shard)! - 1;
    left.set(f.shard, n);
    if (n === 0) open.delete(f.shard);
  }
}

interface OpenShard {
  id: number;
  idx: ShardIndex;
  evidence?: FileEvidence[];
  unitLines?: string[];
  mentionLines?: string[];
  /** For a fact table: the shard's measures as taxonomy indexes (-1: not in the taxonomy). */
  measureIndex?: Int32Array;
  /** Next file in shard order, with its first unit and fact. */
  cursor: FileAt;
  /** Built only when files come out of shard order (after re-indexing). */
  byPath?: Map<string, FileAt>;
}

interface FileAt {
  fi: number;
  u0: number;
  f0: number;
}

function openShard(dir: string, id: number, need: Need, measureIndex?: Map<string, number>): OpenShard {
  const idx = readShardIndex(dir, id);
  return {
    id,
    idx,
    evidence: need === 'evidence' ? parseShardJson<FileEvidence[]>(dir, id, 'evidence.json') : undefined,
    unitLines: need === 'full' ? ndjsonLines(dir, id, 'units.ndjson') : undefined,
    mentionLines: need === 'full' ? ndjsonLines(dir, id, 'mentions.ndjson') : undefined,
    measureIndex: measureIndex && Int32Array.from(idx.measures, ([mid]) => measureIndex.get(mid) ?? -1),
    cursor: { fi: 0, u0: 0, f0: 0 },
  };
}

function locate(sh: OpenShard, path: string): FileAt | undefined {
  const files = sh.idx.files;
  const c = sh.cursor;
  let at: FileAt | undefined;
  if (c.fi < files.length && files[c.fi].path === path) at = { ...c };
  else {
    if (!sh.byPath) {
      sh.byPath = new Map();
      let u0 = 0;
      let f0 = 0;
      files.forEach((f, fi) => {
        sh.byPath!.set(f.path, { fi, u0, f0 });
        u0 += f.units;
        f0 += f.facts;
      });
    }
    at = sh.byPath.get(path);
  }
  if (at) {
    const f = files[at.fi];
    sh.cursor = { fi: at.fi + 1, u0: at.u0 + f.units, f0: at.f0 + f.facts };
  }
  return at;
}

/** One file's units and mentions (as much as the shard was opened for) into the corpus. */
function readFileFacts(dir: string, sh: OpenShard, at: FileAt, path: string, places: Map<string, Place>, corpus: Corpus, table?: FactColumns): void {
  const { idx, evidence, unitLines, mentionLines, measureIndex } = sh;
  const f = idx.files[at.fi];
  const bad = (what: string) => damaged(dir, `${SHARDS}/${shardName(sh.id)}.${what}`);
  const units: Unit[] = [];
  if (unitLines && mentionLines) {
    for (let k = 0; k < f.units; k++) {
      const u = parseLine<Unit>(dir, sh.id, 'units.ndjson', unitLines[at.u0 + k]);
      if (u.original === undefined) u.original = u.text;
      units.push(u);
      corpus.units.push(u);
    }
    const rows = parseLine<MentionRow[]>(dir, sh.id, 'mentions.ndjson', mentionLines[at.fi]);
    for (const r of rows) {
      const unit = units[r[0]];
      if (!unit) throw bad('mentions.ndjson: mention of a unit the file does not have');
      const sentence = r[9] ?? unit.text.substr(r[7], r[8]);
      corpus.mentions.push({ unitId: unit.id, measureId: r[1], category: r[2], status: statusOf(r[3]), cue: r[4], start: r[5], end: r[6], sentence, sentenceStart: r[7] });
    }
    return;
  }
  const first = (table?.units ?? corpus.units).length;
  if (table?.units) {
    for (let k = 0; k < f.units; k++) {
      const u = factUnitAt(idx, at.u0 + k, places);
      if (!u) throw bad('facts.json: fewer units than its files say');
      table.units.push(u);
    }
  } else {
    for (let k = 0; k < f.units; k++) {
      const u = unitAt(idx, at.u0 + k, path, places);
      if (!u) throw bad('facts.json: fewer units than its files say');
      units.push(u);
      corpus.units.push(u);
    }
  }
  if (table && measureIndex) {
    for (let k = 0; k < f.facts; k++) {
      const at4 = (at.f0 + k) * 4;
      const u = idx.facts[at4];
      const mi = measureIndex[idx.facts[at4 + 1]];
      if (!(u >= 0 && u < f.units) || mi === undefined) throw bad('facts.json: bad fact row');
      if (mi < 0) throw bad(`facts.json: a fact names ${idx.measures[idx.facts[at4 + 1]][0]}, which the taxonomy does not have`);
      table.unit.push(first + u);
      table.measure.push(mi);
      table.lifted.push(idx.facts[at4 + 2] === 1 ? 1 : 0);
    }
    return;
  }
  if (!evidence) {
    // Facts only, streamed: one bare mention per fact, as loadStore's `facts` gives.
    for (let k = 0; k < f.facts; k++) {
      const at4 = (at.f0 + k) * 4;
      const unit = units[idx.facts[at4]];
      const measure = idx.measures[idx.facts[at4 + 1]];
      if (!unit || !measure) throw bad('facts.json: bad fact row');
      corpus.mentions.push(new StoredFact(unit.id, measure[0], measure[1], statusOf(idx.facts[at4 + 2])));
    }
    return;
  }
  const ev = evidence[at.fi];
  if (!ev || ev[1].length !== f.facts) throw bad('evidence.json does not match its index');
  for (let k = 0; k < f.facts; k++) {
    const at4 = (at.f0 + k) * 4;
    const unit = units[idx.facts[at4]];
    const measure = idx.measures[idx.facts[at4 + 1]];
    if (!unit || !measure) throw bad('facts.json: bad fact row');
    const e = ev[1][k];
    const first: Mention = { unitId: unit.id, measureId: measure[0], category: measure[1], status: statusOf(idx.facts[at4 + 2]), cue: e[0], start: e[1], end: e[2], sentence: ev[0][e[4]], sentenceStart: e[3] };
    for (let c = idx.facts[at4 + 3]; c > 0; c--) corpus.mentions.push(first);
  }
}

function shellWord(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

// ---------- writing ----------

/** Buffered writes to a temporary file, fsync and rename on close. */
class AtomicFile {
  private chunks: string[] = [];
  private buffered = 0;
  bytes = 0;
  private constructor(
    private readonly path: string,
    private readonly fh: FileHandle,
  ) {}

  static async create(path: string): Promise<AtomicFile> {
    return new AtomicFile(path, await open(`${path}.tmp`, 'w'));
  }

  async write(s: string): Promise<void> {
    if (!s) return;
    this.chunks.push(s);
    this.buffered += s.length;
    this.bytes += Buffer.byteLength(s);
    if (this.buffered >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.chunks.length) return;
    const s = this.chunks.join('');
    this.chunks = [];
    this.buffered = 0;
    await this.fh.write(s);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.fh.sync();
    await this.fh.close();
    renameSync(`${this.path}.tmp`, this.path);
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    rmSync(`${this.path}.tmp`, { force: true });
  }
}

class ShardWriter {
  private files: ShardIndex['files'] = [];
  private measures = new Map<string, number>();
  private measureList: [string, string][] = [];
  private strings = new Map<string, number>();
  private stringList: string[] = [];
  private unitNumbers: number[] = [];
  private facts: number[] = [];
  private evidence: string[] = [];
  private units = 0;
  private mentions = 0;
  private constructor(
    private readonly dir: string,
    readonly id: number,
    private readonly unitFile: AtomicFile,
    private readonly mentionFile: AtomicFile,
    private readonly maxFiles: number,
  ) {}

  static async create(dir: string, id: number, maxFiles = SHARD_FILES): Promise<ShardWriter> {
    const u = await AtomicFile.create(shardPath(dir, id, 'units.ndjson'));
    const m = await AtomicFile.create(shardPath(dir, id, 'mentions.ndjson'));
    return new ShardWriter(dir, id, u, m, maxFiles);
  }

  get full(): boolean {
    return this.unitFile.bytes + this.mentionFile.bytes >= SHARD_BYTES || this.files.length >= this.maxFiles;
  }

  get empty(): boolean {
    return this.files.length === 0;
  }

  async add(path: string, x: IndexedFile): Promise<void> {
    this.files.push({ path, units: x.units, mentions: x.mentions, facts: x.facts.length });
    for (const r of x.unitRows) flatUnit(r, this.intern, this.unitNumbers);
    for (const [u, id, category, status, count] of x.facts) {
      let mi = this.measures.get(id);
      if (mi === undefined) {
        this.measures.set(id, (mi = this.measureList.length));
        this.measureList.push([id, category]);
      }
      this.facts.push(u, mi, status, count);
    }
    this.evidence.push(x.evidence);
    this.units += x.units;
    this.mentions += x.mentions;
    await this.unitFile.write(x.unitLines);
    await this.mentionFile.write(x.mentionLine);
  }

  private readonly intern = (s: string | null): number => {
    if (s === null) return -1;
    let i = this.strings.get(s);
    if (i === undefined) {
      this.strings.set(s, (i = this.stringList.length));
      this.stringList.push(s);
    }
    return i;
  };

  async close(): Promise<ShardInfo> {
    const facts = await AtomicFile.create(shardPath(this.dir, this.id, 'facts.json'));
    await facts.write(`{"files":${JSON.stringify(this.files)},\n"measures":${JSON.stringify(this.measureList)},\n"strings":${JSON.stringify(this.stringList)},\n"units":"${packInts(this.unitNumbers)}",\n"facts":"${packInts(this.facts)}"}\n`);
    const evidence = await AtomicFile.create(shardPath(this.dir, this.id, 'evidence.json'));
    await evidence.write(`[${this.evidence.join(',\n')}]\n`);
    for (const f of [this.unitFile, this.mentionFile, facts, evidence]) await f.close();
    return {
      id: this.id,
      files: this.files.length,
      units: this.units,
      mentions: this.mentions,
      facts: this.facts.length / 4,
      bytes: this.unitFile.bytes + this.mentionFile.bytes + facts.bytes + evidence.bytes,
    };
  }

  async abort(): Promise<void> {
    await this.unitFile.abort();
    await this.mentionFile.abort();
  }
}

/** Writes a run's shards one after another, opening the next when one is full. */
class ShardSequence {
  private current?: ShardWriter;
  readonly written: ShardInfo[] = [];
  constructor(
    private readonly dir: string,
    private nextId: () => number,
    private readonly maxFiles = SHARD_FILES,
  ) {}

  async add(path: string, x: IndexedFile): Promise<number> {
    if (!this.current) this.current = await ShardWriter.create(this.dir, this.nextId(), this.maxFiles);
    const id = this.current.id;
    await this.current.add(path, x);
    if (this.current.full) await this.close();
    return id;
  }

  async close(): Promise<void> {
    const w = this.current;
    this.current = undefined;
    if (w && !w.empty) this.written.push(await w.close());
    else if (w) await w.abort();
  }

  async abort(): Promise<void> {
    await this.current?.abort();
    this.current = undefined;
  }
}

/** The files of an old shard, in the form a new shard takes them (to carry them over). */
function* shardFiles(dir: string, id: number): Generator<{ path: string; x: IndexedFile }> {
  const idx = readShardIndex(dir, id);
  const evidence = parseShardJson<FileEvidence[]>(dir, id, 'evidence.json');
  const unitLines = ndjsonLines(dir, id, 'units.ndjson');
  const mentionLines = ndjsonLines(dir, id, 'mentions.ndjson');
  let u0 = 0;
  let f0 = 0;
  for (let fi = 0; fi < idx.files.length; fi++) {
    const f = idx.files[fi];
    const facts: FactRow[] = [];
    for (let k = 0; k < f.facts; k++) {
      const at = (f0 + k) * 4;
      const [mid, category] = idx.measures[idx.facts[at + 1]];
      facts.push([idx.facts[at], mid, category, idx.facts[at + 2] === 1 ? 1 : 0, idx.facts[at + 3]]);
    }
    yield {
      path: f.path,
      x: {
        units: f.units,
        mentions: f.mentions,
        unitRows: Array.from({ length: f.units }, (_, k) => unitRowAt(idx, u0 + k)),
        facts,
        evidence: JSON.stringify(evidence[fi]),
        unitLines: unitLines.slice(u0, u0 + f.units).map((l) => l + '\n').join(''),
        mentionLine: mentionLines[fi] + '\n',
      },
    };
    u0 += f.units;
    f0 += f.facts;
  }
}

function writeJsonAtomic(path: string, value: unknown): void {
  writeAtomic(path, [JSON.stringify(value) + '\n']);
}

/** Write a whole file under a temporary name, fsync it, then rename it into place. */
function writeAtomic(path: string, parts: (string | Uint8Array)[]): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    for (const part of parts) writeFileSync(fd, part);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported on every platform; the rename is still atomic */
  }
}

// ---------- locking ----------

function lock(dir: string): () => void {
  const path = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (pid && pid !== process.pid && alive(pid)) throw new StoreError(`store ${dir} is being written by another fangkong (process ${pid})`);
      rmSync(path, { force: true }); // left behind by a run that crashed
    }
  }
  throw new StoreError(`cannot lock store ${dir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------- indexing ----------

export interface IndexOptions {
  maxBytes: number;
  jobs: number;
  /** Below this many files to extract, work in this thread. Default 50. */
  minParallel?: number;
  progress?: boolean;
  /** Extraction module override for tests (see extract.ts `processor`). */
  processor?: string;
  /** Most files in one shard (default 2,000; tests use small shards). */
  shardFiles?: number;
}

export interface IndexSummary {
  store: string;
  /** Files extracted in this run that produced units. */
  indexed: number;
  /** Files unchanged since the last run (size and mtime), not read again. */
  unchanged: number;
  /** Files in the store that the walk no longer finds. */
  removed: number;
  /** Every skipped file with the reason, this run's and the unchanged ones'. */
  skipped: Skipped[];
  /** Why everything was extracted again, if it was. */
  rebuilt?: string;
  files: number;
  units: number;
  mentions: number;
  shards: number;
  bytes: number;
  seconds: number;
}

/** Build or update the store at `dir` from `paths`. */
export async function indexStore(paths: string[], dir: string, opts: IndexOptions): Promise<IndexSummary> {
  const t0 = performance.now();
  const { walk } = await import('./ingest.js');
  prepareDir(dir);
  const unlock = lock(dir);
  try {
    mkdirSync(join(dir, SHARDS), { recursive: true });
    let old: Manifest | undefined;
    let rebuilt: string | undefined;
    try {
      old = readManifest(dir);
    } catch (err) {
      if (!(err instanceof StoreError) || /newer fangkong/.test(err.message)) throw err;
      // A damaged or old-format store is rebuilt from scratch.
      if (!/no store at|not a fangkong store/.test(err.message)) rebuilt = err.message.replace(/; rebuild it.*$/, '');
    }
    const taxonomy = await taxonomyVersion();
    const fangkong = fangkongVersion();
    if (old && old.taxonomy !== taxonomy) rebuilt = `the taxonomy changed (${old.taxonomy} → ${taxonomy})`;
    else if (old && old.fangkong !== fangkong) rebuilt = `fangkong changed (${old.fangkong} → ${fangkong})`;
    const reuse = old && !rebuilt ? old : undefined;

    // The store may sit inside a folder being indexed (`index . --store .fangkong`): never read it.
    const inside = (p: string) => {
      const r = relative(storeReal, resolve(p));
      return r === '' || (!r.startsWith('..') && !isAbsolute(r));
    };
    const storeReal = realpathSync(dir);
    const realOf = realPaths();
    const walked = walk(paths, opts.maxBytes);
    const files = walked.files.filter((f) => !inside(realOf(f.path)));
    const walkSkipped = walked.skipped.filter((s) => !inside(realOf(s.file)));
    const before = new Map((reuse?.files ?? []).map((f) => [f.path, f]));
    const seen = new Set(files.map((f) => f.path));
    const removed = old ? old.files.filter((f) => !seen.has(f.path)).length : 0;

    const entries: ManifestFile[] = [];
    const todo: { at: number; entry: FileEntry }[] = [];
    const kept = new Set<string>();
    let unchanged = 0;
    for (const f of files) {
      const o = before.get(f.path);
      if (o && o.size === f.size && o.mtimeMs === f.mtimeMs && !o.retry) {
        entries.push({ ...o });
        if (o.shard !== undefined) kept.add(f.path);
        unchanged++;
      } else {
        todo.push({ at: entries.length, entry: f });
        entries.push({ path: f.path, size: f.size, mtimeMs: f.mtimeMs });
      }
    }

    let nextShard = old?.nextShard ?? 1;
    // Make sure a leftover from a crashed run is never reused as a new shard's name.
    for (const name of readdirSync(join(dir, SHARDS))) {
      const n = Number(/^(\d+)\./.exec(name)?.[1]);
      if (n >= nextShard) nextShard = n + 1;
    }
    const seq = new ShardSequence(dir, () => nextShard++, opts.shardFiles);
    const compact = new ShardSequence(dir, () => nextShard++, opts.shardFiles);
    const keptShards: ShardInfo[] = [];
    let indexed = 0;
    try {
      // 1. Old shards: keep those whose files are all unchanged; copy the still-wanted files of
      //    the others into new shards. A shard that cannot be read has its files extracted again.
      if (reuse) {
        const members = new Map<number, string[]>();
        for (const f of reuse.files) {
          if (f.shard === undefined) continue;
          const m = members.get(f.shard);
          if (m) m.push(f.path);
          else members.set(f.shard, [f.path]);
        }
        const at = new Map(entries.map((e, i) => [e.path, i]));
        const redo = (paths: string[]) => {
          for (const p of paths) {
            const i = at.get(p)!;
            entries[i] = { path: p, size: entries[i].size, mtimeMs: entries[i].mtimeMs };
            todo.push({ at: i, entry: { path: p, size: entries[i].size, mtimeMs: entries[i].mtimeMs } });
            unchanged--;
          }
        };
        for (const s of reuse.shards) {
          const paths = members.get(s.id) ?? [];
          const wanted = paths.filter((p) => kept.has(p));
          if (!wanted.length) continue;
          if (wanted.length === paths.length && paths.length === s.files && shardComplete(dir, s.id)) {
            keptShards.push(s);
            continue;
          }
          const want = new Set(wanted);
          const moved = new Map<string, number>();
          try {
            for (const { path, x } of shardFiles(dir, s.id)) if (want.has(path)) moved.set(path, await compact.add(path, x));
          } catch (err) {
            if (!(err instanceof StoreError)) throw err;
          }
          for (const [p, id] of moved) entries[at.get(p)!].shard = id;
          redo(wanted.filter((p) => !moved.has(p)));
        }
        await compact.close();
        todo.sort((x, y) => x.at - y.at);
      }

      // 2. Extract new and changed files, in walk order, on all cores.
      const { progressBar, streamEntries } = await import('./pool.js');
      const bar = opts.progress === false ? undefined : await progressBar(todo.length, 'indexing', 50);
      const deliver = async (x: Extracted, k: number) => {
        const e = entries[todo[k].at];
        if ('skip' in x) {
          e.skip = x.skip;
          if (x.retry) e.retry = true;
        } else if ('indexed' in x) {
          e.shard = await seq.add(e.path, x.indexed);
          indexed++;
        }
      };
      try {
        const items = todo.map((t) => t.entry);
        await streamEntries(items, { mode: 'index' }, { jobs: opts.jobs, minFiles: opts.minParallel ?? 50, processor: opts.processor, bar }, deliver);
      } finally {
        bar?.stop();
      }
      await seq.close();
    } catch (err) {
      await seq.abort();
      await compact.abort();
      throw err;
    }

    // 3. Commit: the new manifest names exactly the shards that hold the files.
    const shards = [...keptShards, ...compact.written, ...seq.written].sort((a, b) => a.id - b.id);
    const now = new Date().toISOString();
    const manifest: Manifest = {
      format: STORE_FORMAT,
      fangkong,
      taxonomy,
      paths,
      maxBytes: opts.maxBytes,
      created: reuse?.created ?? now,
      updated: now,
      nextShard,
      shards,
      files: entries,
      skipped: walkSkipped,
    };
    writeJsonAtomic(join(dir, MANIFEST), manifest);
    syncDir(dir);
    try {
      const bytes = encodeTable(await readStoreTable(dir, true), manifestStamp(dir), await tableVersion());
      if (bytes) writeAtomic(join(dir, TABLE_FILE), bytes);
      else rmSync(join(dir, TABLE_FILE), { force: true });
    } catch {
      // Only a shortcut: without it, counting queries read the shards.
      rmSync(join(dir, TABLE_FILE), { force: true });
    }

    // 4. Clean up what no manifest names any more (old shards, leftovers of crashed runs).
    const live = new Set(shards.map((s) => shardName(s.id)));
    for (const name of readdirSync(join(dir, SHARDS))) {
      if (!live.has(name.slice(0, 6)) || name.endsWith('.tmp')) rmSync(join(dir, SHARDS, name), { force: true });
    }

    return {
      store: dir,
      indexed,
      unchanged,
      removed,
      skipped: [...walkSkipped, ...entries.filter((e) => e.skip !== undefined).map((e) => ({ file: e.path, reason: e.skip! }))],
      rebuilt,
      files: entries.filter((e) => e.shard !== undefined).length,
      units: shards.reduce((n, s) => n + s.units, 0),
      mentions: shards.reduce((n, s) => n + s.mentions, 0),
      shards: shards.length,
      bytes: shards.reduce((n, s) => n + s.bytes, 0),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    unlock();
  }
}

function shardComplete(dir: string, id: number): boolean {
  return (['facts.json', 'evidence.json', 'units.ndjson', 'mentions.ndjson'] as const).every((k) => {
    try {
      return statSync(shardPath(dir, id, k)).isFile();
    } catch {
      return false;
    }
  });
}

/** A file's path with its folder's symbolic links resolved (one realpath per folder, not per file). */
function realPaths(): (path: string) => string {
  const folders = new Map<string, string>();
  return (path) => {
    const abs = resolve(path);
    const folder = dirname(abs);
    let real = folders.get(folder);
    if (real === undefined) {
      try {
        real = realpathSync(folder);
      } catch {
        real = folder;
      }
      folders.set(folder, real);
    }
    return join(real, basename(abs));
  };
}

/** Refuse to write into a folder that holds something other than a store (a corpus, say). */
function prepareDir(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      mkdirSync(dir, { recursive: true });
      return;
    }
    if (code === 'ENOTDIR') throw new StoreError(`--store ${dir} is a file, not a folder`);
    throw new StoreError(`cannot use store folder ${dir}: ${(err as Error).message}`);
  }
  if (names.length && !names.includes(MANIFEST) && !names.includes(SHARDS)) {
    throw new StoreError(`${dir} is not empty and is not a fangkong store; give a new or empty folder to --store`);
  }
}
