// Plain data types shared by every stage. Data flows one way:
// files → documents → units → mentions → queries → renderers.

export type Script = 'simplified' | 'traditional';

/** How a unit's year was established. `inferred:<cue>` names the dated context cue used. */
export type YearSource = 'stated' | 'published' | `inferred:${string}` | 'unknown';

/** A file that was read, decoded and cleaned. */
export interface Document {
  /** Path as given/found by the walk (relative paths stay relative). */
  file: string;
  /** Decoded text as it came from the file (after BOM/CRLF normalisation only). */
  raw: string;
  /** Cleaned text in the original script (page chrome and repeated bodies removed). */
  original: string;
  /** Cleaned text converted to Simplified when `script` is traditional; otherwise equal to `original`. */
  text: string;
  script: Script;
  /** Encoding the file was decoded from (utf-8, gb18030, big5…), with `+html` for web pages. */
  encoding: string;
  /** Headline (Simplified), the source line and the published-date line, as found by cleaning. */
  title: string;
  source?: string;
  publishedLine?: string;
}

/** One county-level (or prefecture-level) jurisdiction from the gazetteer or alias table. */
export interface Place {
  /** Full official Simplified name, e.g. 原阳县, 新乡高新技术产业开发区. */
  name: string;
  /** Statistics-bureau administrative code (6 digits for county level, 4 for prefecture, 2 for province). */
  code: string;
  /** Prefecture-level unit, full name; for a municipality's district this is the municipality (上海市). */
  prefecture: string;
  province: string;
  level: 'county' | 'prefecture' | 'province';
}

/** One jurisdiction's part of one document. */
export interface Unit {
  /** Stable id: `<file basename>#<index>` (index from 1 in document order). */
  id: string;
  file: string;
  /** Section heading in the original script, for bulletin sections. */
  heading?: string;
  /** Unit text, Simplified (what measures are matched against; mention offsets point into it). */
  text: string;
  /** Same span in the original script. */
  original: string;
  script: Script;
  place?: Place;
  /** Where the place came from: title, source, body, heading, alias… (free text, for debugging). */
  placeEvidence?: string;
  eventDate?: string; // YYYY-MM-DD
  publishedDate?: string; // YYYY-MM-DD
  year?: number;
  yearSource: YearSource;
  chars: number;
}

export type Status = 'in_force' | 'lifted';

/** One occurrence of a measure in a unit. */
export interface Mention {
  unitId: string;
  measureId: string;
  category: string;
  status: Status;
  /** The cue string (as written in the taxonomy) that fired. */
  cue: string;
  /** Offsets of the matched text in unit.text (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
  /** The sentence containing the match, a substring of unit.text. */
  sentence: string;
  sentenceStart: number;
}

/** What counting queries read of a unit: where and when. */
export type FactUnit = Pick<Unit, 'place' | 'year'>;

/**
 * Units with their facts in columns, one entry per unit × measure × status (repeats allowed):
 * what counting queries (matrix) read, without an object per fact.
 */
export interface FactTable {
  units: FactUnit[];
  /** Index into `units`. */
  unit: Int32Array;
  /** Index into the taxonomy's measures. */
  measure: Int32Array;
  /** 1 where the unit lifts the measure. */
  lifted: Uint8Array;
}

/** Why a file produced no unit. */
export interface Skipped {
  file: string;
  reason: string;
}
