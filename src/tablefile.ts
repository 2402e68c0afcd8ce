// The store's whole fact table as one binary file, for counting queries (matrix --store): one
// read and a view on the bytes, where the shards take a JSON parse each and an object per unit
// and fact. Derived data: every index run writes it after the manifest, stamped with the
// manifest it was built from; a table whose manifest has since changed (or that is damaged, or
// from another taxonomy) is ignored, and the shards are read as before. Encoding and decoding
// only: store.ts reads and writes the file.
import { packArrays, unpackArrays } from './pack.js';
import type { FactTable, FactUnit, Place, Skipped } from './types.js';

export const TABLE_FILE = 'table.bin';
// 2: framed by pack.ts (a table file of format 1 is refused, and rewritten by the next index).
const TABLE_FORMAT = 2;

export interface StoreTable extends FactTable {
  skipped: Skipped[];
  /** Files that produced units. */
  files: number;
}

/** Which manifest a table belongs to: replaced by every index run (rename), so any of these changes. */
export interface Stamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

interface Header {
  format: number;
  manifest: Stamp;
  /** What built it: the store format and the taxonomy version. */
  version: string;
  files: number;
  skipped: Skipped[];
  /** Distinct places: name, code, prefecture, province, level. */
  places: [string, string, string, string, Place['level']][];
  units: number;
  facts: number;
}

/**
 * `table` as the bytes of a table file, stamped with the manifest it belongs to. Per unit: its
 * place (index into the header's places, -1: none) and year (-1: none); per fact: its unit, and
 * measure × 2 + lifted. Undefined on a big-endian machine, which gets no table file.
 */
export function encodeTable(t: StoreTable, manifest: Stamp, version: string): Uint8Array[] | undefined {
  const placeIdx = new Map<Place, number>();
  const places: Header['places'] = [];
  const ints = new Int32Array(t.units.length * 2 + t.unit.length * 2);
  t.units.forEach((u, i) => {
    let p = -1;
    if (u.place) {
      p = placeIdx.get(u.place) ?? -1;
      if (p < 0) {
        placeIdx.set(u.place, (p = places.length));
        places.push([u.place.name, u.place.code, u.place.prefecture, u.place.province, u.place.level]);
      }
    }
    ints[i * 2] = p;
    ints[i * 2 + 1] = u.year ?? -1;
  });
  const f0 = t.units.length * 2;
  for (let k = 0; k < t.unit.length; k++) {
    ints[f0 + k * 2] = t.unit[k];
    ints[f0 + k * 2 + 1] = t.measure[k] * 2 + t.lifted[k];
  }
  const header: Header = { format: TABLE_FORMAT, manifest, version, files: t.files, skipped: t.skipped, places, units: t.units.length, facts: t.unit.length };
  const packed = packArrays(header, [ints]);
  return packed && [packed];
}

/** The table in a table file's bytes, or undefined unless it belongs to `manifest` and `version`. */
export function decodeTable(bytes: Uint8Array, manifest: Stamp, version: string, measures: number): StoreTable | undefined {
  const unpacked = unpackArrays(bytes);
  if (!unpacked) return undefined;
  const h = unpacked.header as Header;
  const m = h?.manifest;
  if (h?.format !== TABLE_FORMAT || h.version !== version || !m || m.size !== manifest.size || m.mtimeMs !== manifest.mtimeMs || m.ino !== manifest.ino) return undefined;
  const [ints] = unpacked.arrays;
  if (!Array.isArray(h.places) || !Array.isArray(h.skipped) || unpacked.arrays.length !== 1 || !(ints instanceof Int32Array) || ints.length !== (h.units + h.facts) * 2) return undefined;
  const places: Place[] = h.places.map(([name, code, prefecture, province, level]) => ({ name, code, prefecture, province, level }));
  const units: FactUnit[] = new Array(h.units);
  for (let i = 0; i < h.units; i++) {
    const p = ints[i * 2];
    const year = ints[i * 2 + 1];
    if (p < -1 || p >= places.length) return undefined;
    const u: FactUnit = {};
    if (p >= 0) u.place = places[p];
    if (year >= 0) u.year = year;
    units[i] = u;
  }
  const unit = new Int32Array(h.facts);
  const measure = new Int32Array(h.facts);
  const lifted = new Uint8Array(h.facts);
  const f0 = h.units * 2;
  for (let k = 0; k < h.facts; k++) {
    const u = ints[f0 + k * 2];
    const v = ints[f0 + k * 2 + 1];
    if (u < 0 || u >= h.units || v < 0 || v >= measures * 2) return undefined;
    unit[k] = u;
    measure[k] = v >> 1;
    lifted[k] = v & 1;
  }
  return { units, unit, measure, lifted, skipped: h.skipped, files: h.files };
}
