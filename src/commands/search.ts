import { applyFilters, searchHits, searchPlan, type SearchHit, type SearchPlan } from '../query.js';
import { partsAssembler, renderJson, renderPart, renderRows, type Column, type Row } from '../render.js';
import { oneLine } from '../sanitize.js';
import { truncateWidth } from '../width.js';
import { chunkedOutput, eachView, filtersOf, formatOf, renderOptions, write } from './common.js';

const COLUMNS: Column[] = [
  { key: 'date' },
  { key: 'jurisdiction', maxWidth: 16 },
  { key: 'measure_id' },
  { key: 'status' },
  { key: 'evidence' },
  { key: 'file', maxWidth: 24 },
];

// Every field of a SearchHit: JSON items are made of exactly these keys (renderJson sorts them).
const HIT_KEYS: Column[] = ['date', 'evidence', 'file', 'hit_end', 'hit_start', 'jurisdiction', 'measure_id', 'status', 'unit_id'].map((key) => ({ key }));
/** A terminal table longer than this is no longer read; CSV and JSON carry every hit. */
const TABLE_LIMIT = 500;

export async function run(args: string[], opts: Record<string, unknown>): Promise<number> {
  const [query, ...paths] = args;
  const plan = searchPlan(query);
  const filters = filtersOf(opts);
  const format = formatOf(opts);
  // Hits are found a file at a time from a store and written as they come (CSV, JSON): a store
  // of any size is searched in flat memory.
  const sink = format === 'table' ? tableSink(plan, query, renderOptions(opts).color) : streamSink(plan, format, opts);
  const exitCode = await eachView(paths, opts, 'full', (part) => sink.add(searchHits(plan, applyFilters(part, filters))), sink.end);
  if (!sink.hits()) process.stderr.write(`fangkong: no match for ${oneLine(query)}\n`);
  return exitCode;
}

interface Sink {
  add: (hits: SearchHit[]) => Promise<void>;
  end: () => Promise<void>;
  hits: () => number;
}

function streamSink(plan: SearchPlan, format: 'csv' | 'json', opts: Record<string, unknown>): Sink {
  const columns = format === 'csv' ? [...COLUMNS, { key: 'unit_id' }, { key: 'hit_start' }, { key: 'hit_end' }] : HIT_KEYS;
  const parts = partsAssembler(format, columns, renderOptions(opts));
  // JSON is renderJson({ hits, kind, measures }): the hits array is a listing in parts, indented
  // one level, before the other two keys.
  const nest = (s: string) => (format === 'json' ? s.replace(/\n/g, '\n  ') : s);
  const out = chunkedOutput(format === 'json' ? '{\n  "hits": ' : parts.start());
  let n = 0;
  return {
    async add(hits) {
      n += hits.length;
      await out.add(nest(parts.separator(hits.length) + renderPart(format, columns, hits as unknown as Row[])));
    },
    async end() {
      const end = parts.end();
      await out.add(format === 'json' ? `${nest(end.slice(0, -1))},\n${renderJson({ kind: plan.kind, measures: plan.measures }).slice(2)}` : end);
      await out.flush();
    },
    hits: () => n,
  };
}

function tableSink(plan: SearchPlan, query: string, color: boolean): Sink {
  const shown: SearchHit[] = [];
  const units = new Set<string>();
  let n = 0;
  return {
    async add(hits) {
      n += hits.length;
      for (const h of hits) units.add(h.unit_id);
      shown.push(...hits.slice(0, TABLE_LIMIT - shown.length));
    },
    async end() {
      const head = plan.kind === 'measure' ? `measure ${plan.measures.join(', ')}: ` : `text "${oneLine(query)}": `;
      await write(head + `${n} hit${n === 1 ? '' : 's'} in ${units.size} units\n`);
      if (!shown.length) return;
      if (shown.length < n) process.stderr.write(`fangkong: showing the first ${shown.length} of ${n} hits; use --format csv or json for all, or narrow with filters\n`);
      await write(await hitTable(shown, color));
    },
    hits: () => n,
  };
}

async function hitTable(hits: SearchHit[], color: boolean): Promise<string> {
  const { default: chalk } = await import('chalk');
  const pieces = new Map<Record<string, unknown>, ReturnType<typeof window>>();
  const rows = hits.map((h) => {
    const w = window(h);
    // Without colour, bracket the hit so it still stands out.
    const row = { ...h, evidence: color ? w.before + w.hit + w.after : `${w.before}【${w.hit}】${w.after}` };
    pieces.set(row, w);
    return row;
  });
  const paint = (key: string, row: Record<string, unknown>, text: string) => {
    const w = pieces.get(row);
    return key === 'evidence' && w ? w.before + chalk.bold.yellow(w.hit) + w.after : text;
  };
  return renderRows('table', COLUMNS, rows, { color }, { paint });
}

// Keep the hit in view: a window of the sentence around it, cut by display width.
function window(h: SearchHit): { before: string; hit: string; after: string } {
  return {
    before: truncateLeft(oneLine(h.evidence.slice(0, h.hit_start)), 24),
    hit: oneLine(h.evidence.slice(h.hit_start, h.hit_end)),
    after: truncateWidth(oneLine(h.evidence.slice(h.hit_end)), 36),
  };
}

function truncateLeft(s: string, max: number): string {
  const rev = [...s].reverse().join('');
  const cut = truncateWidth(rev, max);
  return cut === rev ? s : '…' + [...cut.slice(0, -1)].reverse().join('');
}
