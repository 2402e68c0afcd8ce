// Segment: a bulletin that reports on several jurisdictions in turn, each under its own heading,
// becomes one section per jurisdiction; anything else is a single section. The preface before
// the first heading belongs to no jurisdiction and is not a section.
import type { Place } from './types.js';

export interface Section {
  /** Heading line as written (Simplified), absent for a whole-document section. */
  heading?: string;
  headingPlace?: Place;
  /** Line range [startLine, endLine) in the document's line array, heading included. */
  startLine: number;
  endLine: number;
}

/** Decides whether a line is a jurisdiction heading; supplied by the place module. */
export type HeadingResolver = (line: string) => Place | undefined;

// Headings are short lines; a long line that happens to start with a place name is prose.
const MAX_HEADING_CHARS = 16;

export function segmentLines(lines: string[], resolveHeading: HeadingResolver): Section[] {
  const heads: { line: number; text: string; place: Place }[] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (!text || text.length > MAX_HEADING_CHARS) return;
    const place = resolveHeading(text);
    if (place) heads.push({ line: i, text, place });
  });
  // One heading, or the same jurisdiction repeated, is a report about one place, not a bulletin.
  const distinct = new Set(heads.map((h) => h.place.code));
  if (distinct.size < 2) return [{ startLine: 0, endLine: lines.length }];
  return heads.map((h, k) => ({
    heading: h.text,
    headingPlace: h.place,
    startLine: h.line,
    endLine: k + 1 < heads.length ? heads[k + 1].line : lines.length,
  }));
}
