// The export sheet: its columns and its rows rendered as CSV or JSON text, per level. One
// definition for the export command and for the workers that render rows while streaming PATHS,
// so `export PATHS` and `export --store` print the same bytes.
import { applyFilters, exportMentionRows, exportUnitRows, type Filters, type View } from './query.js';
import { renderPart, type Column, type Row } from './render.js';

/** Where and when a unit is: the columns every unit-level listing starts with. */
export const UNIT_COLUMNS: Column[] = [
  { key: 'file', maxWidth: 24 },
  { key: 'jurisdiction', maxWidth: 16 },
  { key: 'adm_code' },
  { key: 'prefecture', maxWidth: 10 },
  { key: 'province', maxWidth: 10 },
  { key: 'event_date' },
];

export type Level = 'unit' | 'mention';

const META: Column[] = [...UNIT_COLUMNS, { key: 'year' }, { key: 'measure_id' }, { key: 'category' }, { key: 'status' }];
const EVIDENCE: Column = { key: 'evidence', maxWidth: 60 };
const UNIT_ID: Column = { key: 'unit_id', maxWidth: 28 };

export function sheetColumns(level: Level): Column[] {
  return level === 'mention'
    ? [...META, { key: 'cue' }, { key: 'matched' }, { key: 'start', align: 'right' }, { key: 'end', align: 'right' }, EVIDENCE, UNIT_ID]
    : [...META, { key: 'mentions', align: 'right' }, EVIDENCE, UNIT_ID];
}

export function sheetRows(view: View, level: Level) {
  return level === 'mention' ? exportMentionRows(view) : exportUnitRows(view);
}

/** What a sheet is made of; plain data, so it can be handed to worker threads. */
export interface SheetSpec {
  level: Level;
  format: 'csv' | 'json';
  filters: Filters;
}

/** The rows of one part of the corpus (one file, say), rendered: CSV lines, or JSON array items
 * without the separators between parts. */
export function renderSheetPart(view: View, spec: SheetSpec): { text: string; rows: number } {
  return renderSheetRows(sheetRows(applyFilters(view, spec.filters), spec.level), spec);
}

function renderSheetRows(rows: Row[], spec: Pick<SheetSpec, 'level' | 'format'>): { text: string; rows: number } {
  return { text: renderPart(spec.format, sheetColumns(spec.level), rows), rows: rows.length };
}
