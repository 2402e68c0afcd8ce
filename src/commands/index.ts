// `fangkong index PATHS… --store DIR`: extract once into an on-disk store (see store.ts).
import { renderCsv, renderJson, renderTable, type Row } from '../render.js';
import { oneLine } from '../sanitize.js';
import { formatOf, jobsOf, parseSize, renderOptions, reportSkipped, write } from './common.js';
import { UsageError } from './run.js';

export async function run(paths: string[], opts: Record<string, unknown>): Promise<number> {
  if (!paths.length) throw new UsageError('index needs PATHS: report files or folders');
  if (!opts.store) throw new UsageError('index needs --store DIR');
  const maxBytes = parseSize(String(opts.maxSize ?? '20MB'));
  const jobs = await jobsOf(opts.jobs);
  const { indexStore } = await import('../store.js');
  const s = await indexStore(paths, String(opts.store), { maxBytes, jobs });
  reportSkipped(s);
  if (s.rebuilt) process.stderr.write(`fangkong: extracted every file again: ${oneLine(s.rebuilt)}\n`);

  const format = formatOf(opts);
  if (format === 'json') {
    await write(renderJson({ ...s, seconds: round(s.seconds) }));
  } else {
    const rows: Row[] = [
      { what: 'store', value: s.store },
      { what: 'indexed', value: s.indexed },
      { what: 'unchanged', value: s.unchanged },
      { what: 'skipped', value: s.skipped.length },
      { what: 'removed', value: s.removed },
      { what: 'files', value: s.files },
      { what: 'units', value: s.units },
      { what: 'mentions', value: s.mentions },
      { what: 'shards', value: s.shards },
      { what: 'megabytes', value: round(s.bytes / 1048576) },
      { what: 'seconds', value: round(s.seconds) },
    ];
    const columns = [{ key: 'what' }, { key: 'value', align: 'right' as const }];
    await write(format === 'csv' ? renderCsv(columns, rows, renderOptions(opts)) : await renderTable(columns, rows, renderOptions(opts)));
  }
  return opts.strict && s.skipped.length ? 1 : 0;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
