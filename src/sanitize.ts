// Report text is data, never terminal instructions: strip escape sequences and control
// characters before anything reaches a terminal, and keep spreadsheet formulas inert.

// CSI / OSC / other ESC sequences first, so their parameters do not survive as visible junk.
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
// C0 (but tab and newline), DEL, C1, and bidi overrides that can reorder what the user sees.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// Any character either pattern could touch (every escape starts with ESC or CSI, both among the
// controls): most text has none, and one test is cheaper than two replaces.
const ANY_CONTROL = new RegExp(CONTROLS.source);

export function stripControls(text: string): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(ESCAPES, '').replace(CONTROLS, '');
}

/** For single-line cells: also fold tabs and newlines into spaces. */
export function oneLine(text: string): string {
  return stripControls(text).replace(/[\t\n]+/g, ' ');
}

// OWASP's CSV-injection guidance: a cell starting with one of these is evaluated by spreadsheets.
const FORMULA_START = /^[=+\-@\t\r]/;

export function guardFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
