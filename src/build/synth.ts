// A synthetic corpus for the benchmark and the store tests: the seeds' prose paragraphs
// recombined under new headlines, for counties drawn from the gazetteer and dates across
// 2020–2022. Deterministic: the same seed and count give the same files, byte for byte.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { generatedDir, seedsDir } from '../paths.js';

export interface SynthOptions {
  /** Number of reports. */
  count: number;
  /** PRNG seed. */
  seed?: number;
  /** Mean report size in bytes (the 20,000-report bench corpus is ~58 MB: 2,900). */
  meanBytes?: number;
  /** Reports per sub-folder. */
  perFolder?: number;
}

export interface SynthResult {
  files: number;
  bytes: number;
}

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface County {
  name: string;
  prefecture: string;
  province: string;
}

// Place names the seeds' paragraphs mention, replaced by the synthetic report's county.
const SEED_PLACES = /原阳县|邱县|壶关县|舞钢市|我县/g;
const SEED_PLACES_T = /原陽縣|衛輝市|輝縣市|新鄉縣|獲嘉縣|延津縣|封丘縣|長垣市|新鄉市/g;
const HAN = /\p{Script=Han}/gu;

function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => (l.match(HAN)?.length ?? 0) >= 40 && /[。！；]/.test(l) && !/免责声明|版权|ICP|許可證|许可证/.test(l));
}

function counties(): County[] {
  const g = JSON.parse(readFileSync(join(generatedDir, 'gazetteer.json'), 'utf8')) as { provinces: [string, string][]; prefectures: [string, string][]; counties: [string, string][] };
  const prov = new Map(g.provinces);
  const pref = new Map(g.prefectures);
  const seen = new Map<string, number>();
  for (const [, name] of g.counties) seen.set(name, (seen.get(name) ?? 0) + 1);
  // Unambiguous county names (县, county-level 市, 旗): no district that a dozen cities share.
  return g.counties
    .filter(([code, name]) => /(县|市|旗)$/.test(name) && seen.get(name) === 1 && pref.has(code.slice(0, 4)) && prov.has(code.slice(0, 2)))
    .map(([code, name]) => ({ name, prefecture: pref.get(code.slice(0, 4))!, province: prov.get(code.slice(0, 2))! }));
}

const TITLES = ['召开疫情防控工作会议', '疫情防控工作调度会召开', '部署新冠肺炎疫情防控工作', '疫情防控指挥部召开工作例会', '召开疫情防控专题会议', '全力做好疫情防控工作'];
const CHROME = ['分享到:', '责任编辑:王敏', '【打印本页】【关闭窗口】', '扫一扫在手机打开当前页', '相关链接', '返回顶部'];

/** Write the corpus into `dir` (which should be empty). */
export function synthCorpus(dir: string, opts: SynthOptions): SynthResult {
  const rnd = prng(opts.seed ?? 20200123);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const mean = opts.meanBytes ?? 2900;
  // Paragraphs are added until the drawn size is passed: aim below the mean by about half a one.
  const aim = mean * 0.77;
  const perFolder = opts.perFolder ?? 1000;
  const simp: string[] = [];
  const trad: string[] = [];
  for (const name of readdirSync(seedsDir).sort()) {
    const text = readFileSync(join(seedsDir, name), 'utf8');
    const ps = paragraphs(text);
    // The one Traditional seed: measured by a character Simplified never uses.
    (/[縣鄉衛應檢測]/.test(text) ? trad : simp).push(...ps);
  }
  const places = counties();
  const require = createRequire(import.meta.url);
  const toTrad = (require('opencc-js/cn2t') as { Converter: (o: { from: string; to: string }) => (s: string) => string }).Converter({ from: 'cn', to: 'tw' });

  let bytes = 0;
  for (let i = 0; i < opts.count; i++) {
    const c = pick(places);
    const day = new Date(Date.UTC(2020, 0, 20) + Math.floor(rnd() * 1052) * 86400000);
    const ymd = day.toISOString().slice(0, 10);
    const md = `${day.getUTCMonth() + 1}月${day.getUTCDate()}日`;
    const target = aim * (0.5 + rnd());
    const kind = rnd();
    let text: string;
    if (kind < 0.05) {
      // A bulletin: one section per county of a prefecture, under a heading line.
      const group = places.filter((p) => p.prefecture === c.prefecture);
      const lines = [`${c.prefecture.replace(/市$/, '')}${md}各县市区疫情防控工作动态`, '', `发布时间:${ymd} 来源:${c.prefecture}人民政府网`, ''];
      let size = 0;
      for (let k = 0; size < target && k < 12; k++) {
        const g = group[k % group.length];
        const p = pick(simp).replace(SEED_PLACES, g.name);
        lines.push(g.name, '', `${md},${p}`, '');
        size += Buffer.byteLength(p) + 20;
      }
      text = lines.join('\n');
    } else {
      const traditional = kind > 0.9;
      const pool = traditional ? trad : simp;
      const lines = [`${c.name}${pick(TITLES)}`, '', `发布时间:${ymd} 来源:${c.name}人民政府`, ''];
      let size = 0;
      let first = true;
      while (size < target) {
        let p = pick(pool).replace(traditional ? SEED_PLACES_T : SEED_PLACES, c.name);
        if (first) p = `${md},${p}`;
        first = false;
        lines.push(`  ${p}`, '');
        size += Buffer.byteLength(p);
      }
      if (rnd() < 0.5) lines.push(...CHROME.slice(0, 1 + Math.floor(rnd() * CHROME.length)));
      text = lines.join('\n');
      if (traditional) text = toTrad(text);
    }
    const html = rnd() < 0.05;
    if (html) {
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      const [title, ...rest] = text.split('\n');
      text = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>\n<h1>${esc(title)}</h1>\n${rest
        .filter(Boolean)
        .map((l) => `<p>${esc(l.trim())}</p>`)
        .join('\n')}\n</body></html>\n`;
    }
    const folder = join(dir, String(Math.floor(i / perFolder)).padStart(3, '0'));
    if (i % perFolder === 0) mkdirSync(folder, { recursive: true });
    const file = join(folder, `${String(i).padStart(6, '0')}_${ymd}.${html ? 'html' : 'txt'}`);
    const buf = Buffer.from(text + '\n');
    writeFileSync(file, buf);
    bytes += buf.length;
  }
  return { files: opts.count, bytes };
}
