// Renderers: turn query results (plain rows) into table, CSV or JSON text. Nothing here computes.
import { guardFormula, oneLine, stripControls } from './sanitize.js';
import { truncateWidth } from './width.js';

export type Format = 'table' | 'csv' | 'json';
export const FORMATS: Format[] = ['table', 'csv', 'json'];

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

export interface Column {
  key: string;
  header?: string;
  /** Cut table cells to this many terminal columns (CSV/JSON keep the full text). */
  maxWidth?: number;
  align?: 'left' | 'right' | 'center';
}

export interface RenderOptions {
  color: boolean;
  bom?: boolean;
}

/** Colour only for a terminal that has not asked for none (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

// RFC 4180: quote when needed, double inner quotes, CRLF line ends.
function csvCell(v: Cell): string {
  const text = cellText(v);
  // Most cells need nothing: no control character, quote, comma, or formula start.
  if (!CSV_ATTENTION.test(text)) return text;
  const s = guardFormula(stripControls(text));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const CSV_ATTENTION = /^[=+\-@]|[\u0000-\u001f",\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function renderCsv(columns: Column[], rows: Row[], opts: { bom?: boolean } = {}): string {
  return csvHeader(columns, opts) + csvRows(columns, rows);
}

export function csvHeader(columns: Column[], opts: { bom?: boolean } = {}): string {
  return (opts.bom ? '\ufeff' : '') + columns.map((c) => csvCell(c.key)).join(',') + '\r\n';
}

/** CSV lines for these rows, no header. */
export function csvRows(columns: Column[], rows: Row[]): string {
  // Consecutive rows often repeat a cell (a unit's place and file on each of its measures, one
  // sentence as evidence for several): a value equal to the one above is not rendered again.
  const keys = columns.map((c) => c.key);
  const last: Cell[] = keys.map(() => undefined);
  const done: string[] = keys.map(() => '');
  let out = '';
  for (const r of rows) {
    let line = '';
    for (let k = 0; k < keys.length; k++) {
      const v = r[keys[k]];
      if (v !== last[k]) {
        last[k] = v;
        done[k] = csvCell(v);
      }
      line += k ? ',' + done[k] : done[k];
    }
    out += line + '\r\n';
  }
  return out;
}

/** Deterministic JSON: object keys sorted at every level, text stripped of control characters. */
export function renderJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n';
}

/** Rows as the items of renderJson's array, each indented as it would be inside it; joined by
 * ",\n" and wrapped in "[\n" … "\n]\n" they are renderJson of the row list. */
export function jsonItems(columns: Column[], rows: Row[]): string[] {
  return rows.map((r) =>
    JSON.stringify(sortKeys(Object.fromEntries(columns.map((c) => [c.key, r[c.key] ?? null]))), null, 2).replace(/^/gm, '  '),
  );
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'string') return stripControls(value);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export interface TableStyle {
  /** Colour a cell's (already sanitised) text; only called when colour is on. */
  paint?: (key: string, row: Row, text: string) => string;
  head?: (text: string) => string;
}

export async function renderTable(columns: Column[], rows: Row[], opts: RenderOptions, style: TableStyle = {}): Promise<string> {
  const { default: Table } = await import('cli-table3');
  // cli-table3 colours borders and headers red/grey by default, even when piped: turn that off
  // and apply our own colour only when the terminal wants it.
  const table = new Table({
    head: columns.map((c) => {
      const h = c.maxWidth ? truncateWidth(oneLine(c.header ?? c.key), c.maxWidth) : oneLine(c.header ?? c.key);
      return opts.color && style.head ? style.head(h) : h;
    }),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1, compact: true },
    colAligns: columns.map((c) => c.align ?? 'left'),
    wordWrap: false,
  });
  for (const r of rows) {
    table.push(
      columns.map((c) => {
        let text = oneLine(cellText(r[c.key]));
        if (c.maxWidth) text = truncateWidth(text, c.maxWidth);
        return opts.color && style.paint ? style.paint(c.key, r, text) : text;
      }),
    );
  }
  return table.toString() + '\n';
}

/** Rows of one part of a longer listing, as CSV lines or JSON array items, without what goes
 * between parts (partsAssembler). */
export function renderPart(format: 'csv' | 'json', columns: Column[], rows: Row[]): string {
  return format === 'csv' ? csvRows(columns, rows) : jsonItems(columns, rows).join(',\n');
}

/**
 * A listing written as its parts come: start(), then each part's separator and renderPart text,
 * then end() give what renderRows gives for all the rows at once.
 */
export function partsAssembler(format: 'csv' | 'json', columns: Column[], opts: { bom?: boolean } = {}) {
  let rows = 0;
  return {
    start: (): string => (format === 'csv' ? csvHeader(columns, opts) : ''),
    /** What goes before a part of `n` rows; a part of none is left out. */
    separator(n: number): string {
      if (!n) return '';
      const sep = format === 'csv' ? '' : rows ? ',\n' : '[\n';
      rows += n;
      return sep;
    },
    end: (): string => (format === 'csv' ? '' : rows ? '\n]\n' : '[]\n'),
  };
}

/** One entry point for the common case: a flat list of rows in any format. */
export async function renderRows(format: Format, columns: Column[], rows: Row[], opts: RenderOptions, style?: TableStyle): Promise<string> {
  if (format !== 'table') {
    const listing = partsAssembler(format, columns, opts);
    return listing.start() + listing.separator(rows.length) + renderPart(format, columns, rows) + listing.end();
  }
  return renderTable(columns, rows, opts, style);
}
