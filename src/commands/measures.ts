import { loadTaxonomy } from '../taxonomy.js';
import { renderJson, renderRows, type Column } from '../render.js';
import { formatOf, listOption, renderOptions, write } from './common.js';
import { UsageError } from './run.js';

const COLUMNS: Column[] = [
  { key: 'category' },
  { key: 'id' },
  { key: 'zh', header: '中文', maxWidth: 16 },
  { key: 'en', header: 'English', maxWidth: 34 },
  { key: 'oxcgrt', header: 'OxCGRT' },
  { key: 'phsm', header: 'WHO PHSM', maxWidth: 44 },
];

export async function run(_args: string[], opts: Record<string, unknown>): Promise<number> {
  const tax = loadTaxonomy();
  const wanted = listOption(opts.category);
  for (const c of wanted) {
    if (!tax.categories.some((k) => k.id === c)) throw new UsageError(`unknown category ${c}; categories: ${tax.categories.map((k) => k.id).join(', ')}`);
  }
  const cats = tax.categories.filter((c) => !wanted.length || wanted.includes(c.id));
  const format = formatOf(opts);
  if (format === 'json') {
    // Grouped by category, as the taxonomy is; cues stay out (they are the matcher's business).
    await write(
      renderJson({
        version: tax.version,
        categories: cats.map((c, i) => ({
          order: i + 1,
          id: c.id,
          zh: c.zh,
          en: c.en,
          measures: tax.measures
            .filter((m) => m.category === c.id)
            .map((m) => ({ id: m.id, zh: m.zh, en: m.en, definition: m.definition, oxcgrt: m.oxcgrt ?? null, phsm: m.phsm ?? null })),
        })),
      }),
    );
    return 0;
  }
  const rows = cats.flatMap((c) =>
    tax.measures
      .filter((m) => m.category === c.id)
      .map((m) => ({ category: c.id, category_zh: c.zh, id: m.id, zh: m.zh, en: m.en, oxcgrt: m.oxcgrt ?? '', phsm: m.phsm ?? '', definition: m.definition })),
  );
  const columns = format === 'csv' ? [...COLUMNS.slice(0, 1), { key: 'category_zh' }, ...COLUMNS.slice(1), { key: 'definition' }] : COLUMNS;
  await write(await renderRows(format, columns, rows, renderOptions(opts)));
  return 0;
}
