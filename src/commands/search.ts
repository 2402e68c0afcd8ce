import { applyFilters, search, type SearchHit } from '../query.js';
import { renderJson, renderRows, type Column } from '../render.js';
import { oneLine } from '../sanitize.js';
import { truncateWidth } from '../width.js';
import { filtersOf, formatOf, readCorpus, renderOptions, write } from './common.js';

const COLUMNS: Column[] = [
  { key: 'date' },
  { key: 'jurisdiction', maxWidth: 16 },
  { key: 'measure_id' },
  { key: 'status' },
  { key: 'evidence' },
  { key: 'file', maxWidth: 24 },
];

export async function run(args: string[], opts: Record<string, unknown>): Promise<number> {
  const [query, ...paths] = args;
  const { corpus, exitCode } = await readCorpus(paths, opts, 'full');
  const view = applyFilters(corpus, filtersOf(opts));
  const result = search(query, view);
  const format = formatOf(opts);
  if (format === 'json') {
    await write(renderJson(result));
  } else if (format === 'csv') {
    await write(await renderRows('csv', [...COLUMNS, { key: 'unit_id' }, { key: 'hit_start' }, { key: 'hit_end' }], result.hits as unknown as Record<string, string>[], renderOptions(opts)));
  } else {
    const { color } = renderOptions(opts);
    const { default: chalk } = await import('chalk');
    const pieces = new Map<Record<string, unknown>, ReturnType<typeof window>>();
    const rows = result.hits.map((h) => {
      const w = window(h);
      // Without colour, bracket the hit so it still stands out.
      const row = { ...h, evidence: color ? w.before + w.hit + w.after : `${w.before}【${w.hit}】${w.after}` };
      pieces.set(row, w);
      return row;
    });
    const head = result.kind === 'measure' ? `measure ${result.measures.join(', ')}: ` : `text "${oneLine(query)}": `;
    await write(head + `${result.hits.length} hit${result.hits.length === 1 ? '' : 's'} in ${new Set(result.hits.map((h) => h.unit_id)).size} units\n`);
    if (rows.length) {
      const paint = (key: string, row: Record<string, unknown>, text: string) => {
        const w = pieces.get(row);
        return key === 'evidence' && w ? w.before + chalk.bold.yellow(w.hit) + w.after : text;
      };
      await write(await renderRows('table', COLUMNS, rows, { color }, { paint }));
    }
  }
  if (!result.hits.length) process.stderr.write(`fangkong: no match for ${oneLine(query)}\n`);
  return exitCode;
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
