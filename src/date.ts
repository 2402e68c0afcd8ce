// Date: the event date (the meeting or notice day), the published date, and the year.
//
// Rules, in order:
// - published date: the first full date on the page's metadata line (发布时间:2021-1-9, …).
// - event date: a date in the headline is the report's date (a bulletin titled 2月12日… dates all
//   its sections so); otherwise the first date in the body. A month-day date takes its year from
//   the published date, or the year before when it would fall after publication (12月30日 in a
//   report published 2021-01-09 is 2020-12-30). A day without its month (月8日, a digit lost in
//   scraping) takes the published month, or the month before.
// - year: stated in the event date; else from the published date; else inferred from dated
//   policy vocabulary (src/data/year-cues.json), recorded as `inferred:<cue>`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './paths.js';
import type { YearSource } from './types.js';

export interface Dates {
  eventDate?: string;
  publishedDate?: string;
  year?: number;
  yearSource: YearSource;
}

interface YearCue {
  text: string;
  from: string;
  to: string;
  weight: number;
}

let cues: YearCue[] | undefined;

export function loadYearCues(path = join(dataDir, 'year-cues.json')): YearCue[] {
  if (cues && path === join(dataDir, 'year-cues.json')) return cues;
  const data = JSON.parse(readFileSync(path, 'utf8')) as { cues?: unknown };
  if (!Array.isArray(data.cues)) throw new Error(`${path}: expected a "cues" array`);
  const out = data.cues.map((c: Partial<YearCue>, i: number) => {
    const where = `${path}: cue ${i + 1} (${JSON.stringify(c?.text ?? null)})`;
    if (!c || typeof c.text !== 'string' || !c.text.trim()) throw new Error(`${where}: "text" must be a non-empty string`);
    for (const k of ['from', 'to'] as const) {
      if (typeof c[k] !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(c[k]!)) throw new Error(`${where}: "${k}" must be YYYY-MM`);
    }
    if (c.from! > c.to!) throw new Error(`${where}: "from" is after "to"`);
    if (typeof c.weight !== 'number' || !(c.weight > 0)) throw new Error(`${where}: "weight" must be a positive number`);
    return c as YearCue;
  });
  if (path === join(dataDir, 'year-cues.json')) cues = out;
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Years reach here at 1999 or later (a stated year is 2000-2099, a completed one the published
// year or the one before), so the Gregorian rule needs none of Date's 0-99 → 1900s mapping.
function valid(y: number, m: number, d: number): boolean {
  if (!(m >= 1 && m <= 12 && d >= 1 && Number.isInteger(y))) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : MONTH_DAYS[m - 1]);
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, O: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 二〇二〇 → 2020, 十二 → 12, 二十一 → 21; digits pass through. */
function num(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 4 && [...s].every((c) => c in CN_DIGITS)) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  const m = /^([一二三]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || (!m[2] && m[1])) return s.length === 1 && s in CN_DIGITS ? CN_DIGITS[s] : NaN;
  return (m[2] ? (m[1] ? CN_DIGITS[m[1]] : 1) * 10 : 0) + (m[3] ? CN_DIGITS[m[3]] : 0);
}

const N = '\\d{1,2}|[一二三]?十?[一二三四五六七八九]|十|[一二三]十';
const FULL = new RegExp(`(\\d{4}|[二〇零一三四五六七八九]{4})\\s*年\\s*(${N})\\s*月\\s*(${N})\\s*[日号]|(20\\d\\d|19\\d\\d)[-/.](\\d{1,2})[-/.](\\d{1,2})(?!\\d)`, 'g');
// FULL without its 年月日 form: all FULL can find in text without a 月.
const NUMERIC = /(20\d\d|19\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g;
const MONTH_DAY = new RegExp(`(?<![\\d年])(${N})\\s*月\\s*(${N})\\s*[日号]`, 'g');
// 月8日 at the start of a paragraph or sentence: the month digit was lost.
const DAY_ONLY = /(?:^|[\n。，,：:])\s*月\s*(\d{1,2})\s*日/g;

interface Found {
  at: number;
  y?: number;
  m?: number;
  d: number;
}

/** All dates in text[from, to), in order of position (text before `from` is still seen by lookbehinds). */
function datesBetween(text: string, from: number, to: number): Found[] {
  const subject = to === text.length ? text : text.slice(0, to);
  const out: Found[] = [];
  const taken: [number, number][] = [];
  // The shared global RegExps are safe to reuse: each loop runs to its end before anything else.
  const run = (re: RegExp, f: (x: RegExpExecArray) => void) => {
    re.lastIndex = from;
    for (let x; (x = re.exec(subject)); ) f(x);
  };
  // Every match but a numeric one holds a 月: without one, the other patterns need not run.
  const month = text.indexOf('月', from);
  const hasMonth = month >= 0 && month < to;
  run(hasMonth ? FULL : NUMERIC, (x) => {
    const [y, m, d] = !hasMonth ? [Number(x[1]), Number(x[2]), Number(x[3])] : x[1] ? [num(x[1]), num(x[2]), num(x[3])] : [Number(x[4]), Number(x[5]), Number(x[6])];
    if (y >= 2000 && y <= 2099 && valid(y, m, d)) {
      out.push({ at: x.index, y, m, d });
      taken.push([x.index, x.index + x[0].length]);
    }
  });
  if (!hasMonth) return out;
  const free = (i: number) => !taken.some(([a, b]) => i >= a && i < b);
  run(MONTH_DAY, (x) => {
    const m = num(x[1]);
    const d = num(x[2]);
    if (free(x.index) && valid(2020, m, d)) out.push({ at: x.index, m, d });
  });
  run(DAY_ONLY, (x) => {
    const d = Number(x[1]);
    if (d >= 1 && d <= 31) out.push({ at: x.index + x[0].indexOf('月'), d });
  });
  return out.sort((a, b) => a.at - b.at);
}

// No date pattern spans a 。 or a comma (DAY_ONLY may start at one): where a piece of text may end.
const PIECE_END = /[。，,]/g;

/**
 * Visit the dates in a text in order of position, a piece at a time, until `visit` returns true,
 * so a caller that wants only the first usable date (nearly always in the first clause) does not
 * read the whole body. Pieces double in length from 16 characters; a piece ends after a 。 or a
 * comma and the next one starts at it.
 * Returns whether a visit stopped it.
 */
export function visitDates(text: string, visit: (f: Found) => boolean): boolean {
  for (let from = 0, piece = 16; from < text.length; piece *= 2) {
    PIECE_END.lastIndex = from + piece;
    const stop = PIECE_END.exec(text);
    const to = stop ? stop.index + 1 : text.length;
    for (const f of datesBetween(text, from, to)) if (visit(f)) return true;
    if (to >= text.length) break;
    from = to - 1;
  }
  return false;
}

export function findDates(text: string): Found[] {
  return datesBetween(text, 0, text.length);
}

export function parsePublished(line: string | undefined): string | undefined {
  if (!line) return undefined;
  const f = findDates(line).find((x) => x.y && x.m);
  return f ? iso(f.y!, f.m!, f.d) : undefined;
}

/** Complete a found date against the publication date; undefined when it cannot be placed. */
function complete(f: Found, pub?: { y: number; m: number; d: number }): { date?: string; y?: number; m?: number } {
  if (f.y && f.m) return { date: iso(f.y, f.m, f.d), y: f.y, m: f.m };
  let m = f.m;
  if (m === undefined) {
    if (!pub) return {};
    m = f.d <= pub.d + 1 ? pub.m : pub.m === 1 ? 12 : pub.m - 1;
  }
  if (!pub) return { m };
  // Two days of slack: reports are sometimes dated the day after the page's timestamp.
  const after = m > pub.m || (m === pub.m && f.d > pub.d + 2);
  const y = after ? pub.y - 1 : pub.y;
  return valid(y, m, f.d) ? { date: iso(y, m, f.d), y, m } : {};
}

export function inferYear(text: string, month?: number): { year: number; cue: string } | undefined {
  const scores = new Map<number, number>();
  const best = new Map<number, YearCue>();
  for (const c of loadYearCues()) {
    if (!text.includes(c.text)) continue;
    const [fy, fm] = c.from.split('-').map(Number);
    const [ty, tm] = c.to.split('-').map(Number);
    const span = (ty - fy) * 12 + (tm - fm) + 1;
    for (let y = fy; y <= ty; y++) {
      let share: number;
      if (month) {
        const ym = y * 12 + month;
        share = ym >= fy * 12 + fm && ym <= ty * 12 + tm ? 1 : 0;
      } else {
        const lo = y === fy ? fm : 1;
        const hi = y === ty ? tm : 12;
        share = (hi - lo + 1) / 12;
      }
      if (!share) continue;
      // A cue that fits many years says little about any one of them.
      const score = (c.weight * share * 12) / Math.max(12, span);
      scores.set(y, (scores.get(y) ?? 0) + score);
      const b = best.get(y);
      if (!b || c.weight > b.weight || (c.weight === b.weight && monthsOf(c) < monthsOf(b))) best.set(y, c);
    }
  }
  let year: number | undefined;
  for (const [y, s] of scores) if (year === undefined || s > scores.get(year)! || (s === scores.get(year)! && y < year)) year = y;
  return year === undefined ? undefined : { year, cue: best.get(year)!.text };
}

function monthsOf(c: YearCue): number {
  const [fy, fm] = c.from.split('-').map(Number);
  const [ty, tm] = c.to.split('-').map(Number);
  return (ty - fy) * 12 + tm - fm;
}

export interface DateInput {
  title: string;
  /** The whole document body (for year cues and, without a title date, the event date). */
  body: string;
  publishedLine?: string;
  /** A bulletin section's own text: its date is used only when the headline has none. */
  sectionText?: string;
}

export function resolveDates(input: DateInput): Dates {
  return dateResolver(input)(input.sectionText);
}

/**
 * resolveDates for a document and, given a section's text, for each of its bulletin sections:
 * the published line and the headline are read once for all of them.
 */
export function dateResolver(input: Omit<DateInput, 'sectionText'>): (sectionText?: string) => Dates {
  const publishedDate = parsePublished(input.publishedLine);
  const pub = publishedDate ? { y: Number(publishedDate.slice(0, 4)), m: Number(publishedDate.slice(5, 7)), d: Number(publishedDate.slice(8, 10)) } : undefined;
  // A headline is short: its dates are found whole once, in the order visitDates gives them.
  const titleDates = findDates(input.title);
  return (sectionText) => {
    // Title, then section, then body; read only as far as the first date that can be placed.
    let event: { date?: string; y?: number; m?: number; stated: boolean } | undefined;
    let withMonth: Found | undefined;
    const visit = (f: Found) => {
      if (f.m !== undefined) withMonth ??= f;
      const c = complete(f, pub);
      if (c.date || c.m) event = { date: c.date, y: c.y, m: c.m, stated: Boolean(f.y) };
      return event !== undefined;
    };
    void (titleDates.some(visit) || (sectionText !== undefined && visitDates(sectionText, visit)) || visitDates(input.body, visit));
    if (event?.date) {
      return { eventDate: event.date, publishedDate, year: event.y, yearSource: event.stated ? 'stated' : 'published' };
    }
    if (pub) return { eventDate: undefined, publishedDate, year: pub.y, yearSource: 'published' };
    // No year anywhere: infer it from the vocabulary, then date the event with it.
    const guess = inferYear(`${input.title}\n${input.body}`, event?.m);
    if (!guess) return { yearSource: 'unknown' };
    // Without a publication date, the loop above stopped at the first date with a month, if any.
    const f = withMonth;
    const eventDate = f && valid(guess.year, f.m!, f.d) ? iso(guess.year, f.m!, f.d) : undefined;
    return { eventDate, year: guess.year, yearSource: `inferred:${guess.cue}` };
  };
}
