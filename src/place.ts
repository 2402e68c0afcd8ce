// Place: resolve a unit's jurisdiction to an official county-level (or prefecture-level) unit
// with its code, prefecture and province, from the gazetteer generated at build time plus an
// alias table for names the list lacks. Loaded on first use only.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, generatedDir } from './paths.js';
import type { Place } from './types.js';

interface Gazetteer {
  places: Place[];
  /** Full official names and aliases → places (aliases carry the prefecture they need). */
  byName: Map<string, Entry[]>;
  /** Short forms (原阳 for 原阳县, 新乡 for 新乡市) → places. */
  byStem: Map<string, Entry[]>;
  trie: TrieNode;
}

interface Entry {
  place: Place;
  /** Only valid when the context names this prefecture (高新区, 经开区 …). */
  needsPrefecture?: string;
  kind: 'name' | 'stem' | 'alias';
}

interface TrieNode {
  next: Map<string, TrieNode>;
  word?: string;
}

let gaz: Gazetteer | undefined;

// Suffixes that make a stem: 原阳县 → 原阳, 舞钢市 → 舞钢, 延边朝鲜族自治州 → 延边.
const SUFFIX = /(?:[\u4e00-\u9fff]{1,6}族)*(?:自治县|自治旗|自治州|自治区|特别行政区|林区|特区|新区|地区|县|市|区|旗|盟|省)$/;

export function stemOf(name: string): string | undefined {
  const s = name.replace(SUFFIX, '');
  return s.length >= 2 && s !== name ? s : undefined;
}

// Development zones: the list names them in full (新乡高新技术产业开发区); reports use short
// forms (高新区, 经开区, 平原示范区) that only make sense under their prefecture.
const ZONE_FORMS: [RegExp, string[]][] = [
  [/高新技术产业开发区$/, ['高新区', '高新技术产业开发区', '高新技术开发区']],
  [/经济技术开发区$/, ['经开区', '经济技术开发区', '经济开发区', '经技区']],
  [/经济开发区$/, ['经济开发区', '经开区']],
  [/城乡一体化示范区$/, ['示范区']],
  [/示范区$/, ['示范区']],
];

function load(): Gazetteer {
  if (gaz) return gaz;
  const file = join(generatedDir, 'gazetteer.json');
  if (!existsSync(file)) throw new Error(`gazetteer table missing (${file}); run \`npm run build\``);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { rows: [string, string, string, string][] };
  const places: Place[] = raw.rows.map(([name, code, prefecture, province]) => ({
    name,
    code,
    prefecture: code.length === 2 ? '' : prefecture,
    province,
    level: code.length === 2 ? 'province' : code.length === 4 ? 'prefecture' : 'county',
  }));
  const byName = new Map<string, Entry[]>();
  const byStem = new Map<string, Entry[]>();
  const add = (m: Map<string, Entry[]>, k: string, e: Entry) => {
    const list = m.get(k);
    if (!list) m.set(k, [e]);
    else if (!list.some((x) => x.place.code === e.place.code && x.needsPrefecture === e.needsPrefecture)) list.push(e);
  };
  const aliases = JSON.parse(readFileSync(join(dataDir, 'place-aliases.json'), 'utf8')) as {
    renamed: { from: string; to: string; prefecture: string }[];
    aliases: { name: string; to: string; prefecture: string }[];
    stopStems: string[];
  };
  const stop = new Set(aliases.stopStems);
  for (const p of places) {
    add(byName, p.name, { place: p, kind: 'name' });
    const stem = stemOf(p.name);
    if (stem && !(p.level === 'county' && stop.has(stem))) add(byStem, stem, { place: p, kind: 'stem' });
    if (p.level !== 'county') continue;
    for (const [re, forms] of ZONE_FORMS) {
      if (!re.test(p.name)) continue;
      const pStem = stemOf(p.prefecture) ?? p.prefecture;
      const rest = p.name.replace(new RegExp(`^(${p.prefecture}|${pStem})`), '').replace(/^(河北|山西|河南|山东|江苏|浙江|安徽|湖北|湖南|广东|广西|四川|贵州|云南|陕西|甘肃|辽宁|吉林|黑龙江|江西|福建|内蒙古|新疆|宁夏|青海|西藏|海南)/, '');
      const lead = rest.replace(re, ''); // 平原 in 平原城乡一体化示范区
      for (const f of forms) {
        for (const n of new Set([lead + f, `${pStem}${lead}${f}`, rest])) add(byName, n, { place: p, kind: 'alias', needsPrefecture: p.prefecture });
      }
      break;
    }
  }
  const find = (name: string, prefecture: string, where: string): Place => {
    const hits = places.filter((p) => p.name === name && (p.prefecture === prefecture || p.province === prefecture));
    if (hits.length !== 1) throw new Error(`place-aliases.json: ${where} → ${name} in ${prefecture} matches ${hits.length} divisions, not one`);
    return hits[0];
  };
  for (const r of aliases.renamed) {
    const p = find(r.to, r.prefecture, `renamed ${r.from}`);
    add(byName, r.from, { place: p, kind: 'alias' });
  }
  for (const a of aliases.aliases) {
    const p = find(a.to, a.prefecture, `alias ${a.name}`);
    add(byName, a.name, { place: p, kind: 'alias', needsPrefecture: a.prefecture });
  }
  const trie: TrieNode = { next: new Map() };
  for (const word of [...byName.keys(), ...byStem.keys()]) {
    let node = trie;
    for (const ch of word) {
      let n = node.next.get(ch);
      if (!n) node.next.set(ch, (n = { next: new Map() }));
      node = n;
    }
    node.word = word;
  }
  gaz = { places, byName, byStem, trie };
  return gaz;
}

export interface PlaceContext {
  prefecture?: string;
  province?: string;
}

function inContext(e: Entry, ctx?: PlaceContext): boolean {
  if (e.needsPrefecture && e.needsPrefecture !== ctx?.prefecture) return false;
  return true;
}

function narrow(entries: Entry[], ctx?: PlaceContext): Entry[] {
  const ok = entries.filter((e) => inContext(e, ctx));
  if (ok.length <= 1 || !ctx) return ok;
  const inPref = ok.filter((e) => ctx.prefecture && (e.place.prefecture === ctx.prefecture || e.place.name === ctx.prefecture));
  if (inPref.length) return inPref;
  const inProv = ok.filter((e) => ctx.province && e.place.province === ctx.province);
  return inProv.length ? inProv : ok;
}

/** All places a name may mean: full names, aliases, and short stems (never shorter than 2). */
export function lookupName(name: string, ctx?: PlaceContext): Place[] {
  const g = load();
  const q = name.trim();
  const full = narrow(g.byName.get(q) ?? [], ctx);
  if (full.length) return full.map((e) => e.place);
  return narrow(g.byStem.get(q) ?? [], ctx).map((e) => e.place);
}

/** One place, or undefined when the name is unknown or stays ambiguous in this context. */
function unique(places: Place[]): Place | undefined {
  if (places.length === 1) return places[0];
  // A bare city name that is also one of its own counties' stems means the city (新乡 → 新乡市).
  const prefs = places.filter((p) => p.level === 'prefecture');
  if (prefs.length === 1 && places.every((p) => p === prefs[0] || p.prefecture === prefs[0].name)) return prefs[0];
  return undefined;
}

const HEADING_NOISE = /^[\s【\[（(〖「『]*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．])?\s*|[\s】\]）)〗」』:：]*$/g;

/** Is this short line a bulletin section heading naming a jurisdiction? */
export function resolveHeading(line: string, ctx?: PlaceContext): Place | undefined {
  const name = line.replace(HEADING_NOISE, '');
  if (name.length < 2 || name.length > 14 || !/^[\p{Script=Han}·]+$/u.test(name)) return undefined;
  const p = unique(lookupName(name, ctx));
  return p && p.level !== 'province' ? p : undefined;
}

interface Hit {
  word: string;
  at: number;
}

// Leftmost-longest scan for every known name and stem.
function scan(text: string): Hit[] {
  const { trie } = load();
  const hits: Hit[] = [];
  for (let i = 0; i < text.length; ) {
    let node: TrieNode | undefined = trie;
    let best: string | undefined;
    for (let j = i; j < text.length && node; j++) {
      node = node.next.get(text[j]);
      if (node?.word) best = node.word;
    }
    if (best) {
      hits.push({ word: best, at: i });
      i += best.length;
    } else i++;
  }
  return hits;
}

export interface PlaceInput {
  title: string;
  source?: string;
  body: string;
  heading?: string;
  prefectureHint?: string;
}

// Where a name is found says how much it weighs.
const WEIGHT = { heading: 20, title: 5, source: 4, body: 1 };
const STEM_FACTOR = 0.5;

/**
 * Pick the unit's jurisdiction from all evidence. The most specific county-level unit wins when
 * its evidence is comparable to that of the prefecture it sits in; a report about a whole city
 * that lists some districts in passing stays with the city.
 */
export function resolveDocumentPlace(input: PlaceInput): { place?: Place; evidence: string } {
  const g = load();
  const score = new Map<string, { place: Place; s: number; why: string[] }>();
  const bump = (p: Place, s: number, why: string) => {
    const e = score.get(p.code) ?? { place: p, s: 0, why: [] };
    e.s += s;
    if (e.why.length < 4 && !e.why.includes(why)) e.why.push(why);
    score.set(p.code, e);
  };
  const ctx = input.prefectureHint ? { prefecture: input.prefectureHint } : undefined;
  const fields: [keyof typeof WEIGHT, string | undefined][] = [
    ['heading', input.heading],
    ['title', input.title],
    ['source', input.source],
    ['body', input.body],
  ];
  // Prefectures named anywhere make their counties more plausible (河北邯郸:邱县…, 平顶山市委).
  const mentioned: { field: keyof typeof WEIGHT; word: string; entries: Entry[] }[] = [];
  for (const [field, text] of fields) {
    if (!text) continue;
    for (const h of scan(text)) {
      const full = g.byName.get(h.word);
      const entries = full ? narrow(full, ctx) : narrow(g.byStem.get(h.word) ?? [], ctx);
      if (entries.length) mentioned.push({ field, word: h.word, entries });
    }
  }
  const prefNamed = new Set<string>();
  for (const m of mentioned) {
    const p = unique(m.entries.map((e) => e.place));
    if (p?.level === 'prefecture') prefNamed.add(p.name);
  }
  for (const m of mentioned) {
    let places = m.entries.map((e) => e.place);
    // Same-named counties: keep those whose prefecture the report names.
    if (places.length > 1) {
      const near = places.filter((p) => prefNamed.has(p.prefecture));
      if (near.length) places = near;
    }
    const p = unique(places);
    if (!p || p.level === 'province') continue;
    const isStem = !g.byName.has(m.word);
    bump(p, WEIGHT[m.field] * (isStem ? STEM_FACTOR : 1), `${m.field} ${m.word}`);
  }
  let county: { place: Place; s: number; why: string[] } | undefined;
  let pref: { place: Place; s: number; why: string[] } | undefined;
  for (const e of score.values()) {
    if (e.place.level === 'county') {
      const s = e.s + (prefNamed.has(e.place.prefecture) ? 1 : 0);
      if (!county || s > county.s) county = { ...e, s };
    } else if (!pref || e.s > pref.s) pref = e;
  }
  if (county && (county.s >= 1 || !pref) && (!pref || county.s >= pref.s * 0.4 || county.why.some((w) => /^(title|source|heading)/.test(w)))) {
    return { place: county.place, evidence: county.why.join('; ') };
  }
  if (pref) return { place: pref.place, evidence: pref.why.join('; ') };
  return { evidence: 'no place found' };
}
