// Document → report units: one per jurisdiction section of a bulletin, else one for the whole
// document, each with its place and dates resolved.
import { basename } from 'node:path';
import { headingName, resolveDocumentPlace, resolveHeadingName, type PlaceContext } from './place.js';
import { dateResolver, type Dates } from './date.js';
import { segmentLines, type HeadingResolver } from './segment.js';
import type { Document, Place, Unit } from './types.js';

export function documentUnits(doc: Document): Unit[] {
  const lines = doc.text.split('\n');
  const whole = resolveDocumentPlace({ title: doc.title, source: doc.source, body: doc.text });
  // Short lines are read as headings twice (for the prefecture, then for the sections): their
  // names are worked out once.
  const names = new Map<string, string | undefined>();
  const nameOf = (line: string) => {
    if (!names.has(line)) names.set(line, headingName(line));
    return names.get(line);
  };
  const heading = (line: string, ctx?: PlaceContext) => {
    const n = nameOf(line);
    return n === undefined ? undefined : resolveHeadingName(n, ctx);
  };
  const hint = headingPrefecture(lines, heading) ?? (whole.place ? whole.place.prefecture || whole.place.name : undefined);
  const sections = segmentLines(lines, (line) => heading(line, { prefecture: hint }));
  const datesOf = dateResolver({ title: doc.title, body: doc.text, publishedLine: doc.publishedLine });
  const name = basename(doc.file);

  // The whole document as one unit: its text is the document's, so no lines are rejoined.
  if (sections.length === 1 && !sections[0].heading) {
    const text = doc.text.trim();
    // Simplified input: the original is the text (a string compare, not a count of its lines).
    const original = doc.original === doc.text ? text : lineCount(doc.original) === lines.length ? doc.original.trim() : text;
    return [toUnit(doc, `${name}#1`, undefined, text, original, whole, datesOf())];
  }
  const originalLines = doc.original.split('\n');
  return sections.map((s, i) => {
    const text = lines.slice(s.startLine, s.endLine).join('\n').trim();
    const original = originalLines.length === lines.length ? originalLines.slice(s.startLine, s.endLine).join('\n').trim() : text;
    const resolved = s.headingPlace
      ? { place: s.headingPlace, evidence: `heading ${s.heading}` }
      : whole;
    // A bulletin's sections share the document's dates: the headline's day is the report's day.
    const dates = s.heading ? datesOf(text) : datesOf();
    const heading = s.heading ? originalLines[s.startLine]?.trim() ?? s.heading : undefined;
    return toUnit(doc, `${name}#${i + 1}`, heading, text, original, resolved, dates);
  });
}

function toUnit(doc: Document, id: string, heading: string | undefined, text: string, original: string, resolved: { place?: Place; evidence: string }, dates: Dates): Unit {
  return {
    id,
    file: doc.file,
    heading,
    text,
    original,
    script: doc.script,
    place: resolved.place,
    placeEvidence: resolved.evidence,
    eventDate: dates.eventDate,
    publishedDate: dates.publishedDate,
    year: dates.year,
    yearSource: dates.yearSource,
    chars: text.length,
  };
}

/** What split('\n').length would say, without making the lines. */
function lineCount(s: string): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// The prefecture most section headings belong to: the context in which short headings such as
// 高新区 or 经开区 are read. Taken from the headings themselves, not from the body, so a bulletin
// is not misread because its preface mentions some other city.
function headingPrefecture(lines: string[], resolveHeading: HeadingResolver): string | undefined {
  const count = new Map<string, number>();
  for (const line of lines) {
    if (line.length > 16) continue;
    const p = resolveHeading(line);
    if (p?.level === 'county') count.set(p.prefecture, (count.get(p.prefecture) ?? 0) + 1);
    else if (p?.level === 'prefecture') count.set(p.name, (count.get(p.name) ?? 0) + 0.5);
  }
  let best: string | undefined;
  for (const [k, n] of count) if (n >= 2 && (!best || n > count.get(best)!)) best = k;
  return best;
}
