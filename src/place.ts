// Place: resolve a unit's jurisdiction to an official county-level (or prefecture-level) unit
// with its code, prefecture and province. The table is generated at build time from the
// statistics bureau's 2023 list (src/build/gazetteer.ts); src/data/place-aliases.json adds the
// names reports use that the list lacks. Nothing is read until the first call, so importing this
// module costs nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, generatedDir } from './paths.js';
import type { Place } from './types.js';
import { buildTrie, longestAt, nextCandidate, type Trie } from './trie.js';

export interface PlaceContext {
  /** Prefecture (full name or stem: 新乡市, 新乡) the name is read under. */
  prefecture?: string;
  province?: string;
}

export interface Gazetteer {
  places: readonly Place[];
  /** Official full names and context-free aliases (长垣县 → 长垣市, 新乡高新区). */
  exact: Map<string, Place[]>;
  /** Short stems, at least two characters (原阳 → 原阳县, 新乡 → 新乡县 and 新乡市). */
  stems: Map<string, Place[]>;
  /** Names that mean a place only under its prefecture (高新区, 平原示范区, 城区). */
  contextual: Map<string, Place[]>;
  /** Stems that are ordinary words: never evidence in running text. */
  commonStems: Set<string>;
  prefectures: Map<string, Place>;
  provinces: Map<string, Place>;
  /** Every name, stem, contextual name and not-a-place word, for scanning text. */
  trie: Trie;
  keys: string[];
  /** What each of `keys` is (same index), so a hit in running text costs no Map lookups. */
  words: Word[];
}

export interface Word {
  key: string;
  exact?: Place[];
  stems?: Place[];
  contextual?: Place[];
  /** A stem that is an ordinary word (commonStems). */
  common: boolean;
}

export interface AliasFile {
  renamed: AliasRow[];
  contextual: AliasRow[];
  short: AliasRow[];
  zoneForms: Record<string, string[]>;
  commonWordStems: string[];
  commonWordNames: string[];
  notPlaces: string[];
}

export interface AliasRow {
  from?: string;
  name?: string;
  to: string;
  prefecture: string;
}

// ---------------------------------------------------------------------------------------------
// Names and stems

const HAN = /\p{Script=Han}/u;
const PUNCT = /[\s\p{P}\p{S}]/u;
// Per UTF-16 code unit, worked out on first sight (0 = not yet): NOT_HAN, HAN_MARK (Han but a
// punctuation or symbol, such as the radical ⺈), or PLAIN_HAN. Asked at every place-name hit,
// self-reference and short line, so the Unicode-property RegExps run once per distinct character.
const NOT_HAN = 1;
const HAN_MARK = 2;
const PLAIN_HAN = 3;
const hanUnits = new Uint8Array(65536);

function hanClass(c: number): number {
  if (hanUnits[c] === 0) {
    const ch = String.fromCharCode(c);
    hanUnits[c] = !HAN.test(ch) ? NOT_HAN : PUNCT.test(ch) ? HAN_MARK : PLAIN_HAN;
  }
  return hanUnits[c];
}

/** Is the code unit at `i` a Han character (false outside the text, and for a lone surrogate)? */
function isHanAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && hanClass(text.charCodeAt(i)) !== NOT_HAN;
}

/** Is every code unit of the text a Han character that is neither punctuation nor a symbol? */
function plainHan(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (hanClass(text.charCodeAt(i)) !== PLAIN_HAN) return false;
  return true;
}

// Minority names as they appear inside autonomous-unit names (双江拉祜族佤族布朗族傣族自治县,
// 木垒哈萨克自治县). One-character names only count with 族, so 白 of 大白 is never stripped.
const ETHNIC =
  '蒙古|维吾尔|布依|朝鲜|土家|哈尼|哈萨克|傈僳|拉祜|东乡|纳西|景颇|柯尔克孜|达斡尔|仫佬|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|高山';
const ETHNIC_TAIL = new RegExp(`(?:(?:${ETHNIC})族?|[回藏苗彝壮满侗瑶白黎佤畲水土羌傣怒京各]族)$`);

const SUFFIX: Record<Place['level'], RegExp> = {
  county: /(?:自治县|自治旗|联合旗|新区|林区|特区|县|区|市|旗)$/,
  prefecture: /(?:自治州|地区|盟|市)$/,
  province: /(?:特别行政区|自治区|省|市)$/,
};

/** The short form of an official name (原阳县 → 原阳, 延边朝鲜族自治州 → 延边), if ≥ 2 chars. */
export function stemOf(name: string, level: Place['level'] = 'county'): string | undefined {
  let s = name.replace(SUFFIX[level], '');
  if (s === name) return undefined;
  // 长阳土家族自治县 → 长阳; also the few ethnic districts, 管城回族区 → 管城.
  if (/自治/.test(name.slice(s.length)) || /族$/.test(s)) {
    for (let t = s.replace(ETHNIC_TAIL, ''); t !== s && t.length >= 2; t = s.replace(ETHNIC_TAIL, '')) s = t;
  }
  return s.length >= 2 ? s : undefined;
}

// ---------------------------------------------------------------------------------------------
// Loading

let memo: Gazetteer | undefined;

/** The gazetteer with its indexes, built on first call (about 30 ms). */
export function loadGazetteer(): Gazetteer {
  return (memo ??= indexGazetteer(readGazetteerTable(), JSON.parse(readFileSync(join(dataDir, 'place-aliases.json'), 'utf8'))));
}

export interface GazetteerTable {
  provinces: string[][];
  prefectures: string[][];
  counties: string[][];
}

export function readGazetteerTable(file = join(generatedDir, 'gazetteer.json')): GazetteerTable {
  if (!existsSync(file)) {
    throw new Error(`fangkong: the gazetteer table ${file} is missing; run \`npm run build\` to generate it`);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (!list) m.set(k, [v]);
  else if (!list.includes(v)) list.push(v);
}

/** Builds the lookup indexes from the table and the alias file, validating every alias. */
export function indexGazetteer(table: GazetteerTable, aliases: AliasFile): Gazetteer {
  const provinces = new Map<string, Place>();
  const provByCode = new Map<string, Place>();
  for (const [code, name] of table.provinces) {
    const p: Place = Object.freeze({ name, code, prefecture: '', province: name, level: 'province' });
    provinces.set(name, p);
    provByCode.set(code, p);
  }
  const prefectures = new Map<string, Place>();
  const prefNameByCode = new Map<string, string>();
  for (const [code, name] of table.prefectures) {
    prefNameByCode.set(code, name);
    const province = provByCode.get(code.slice(0, 2))!.name;
    // Chongqing has two prefecture codes (市辖区, 县); one Place stands for the city.
    if (!prefectures.has(name)) prefectures.set(name, Object.freeze({ name, code, prefecture: name, province, level: 'prefecture' }));
  }
  const places: Place[] = [...provinces.values(), ...prefectures.values()];
  const counties: Place[] = [];
  for (const [code, name] of table.counties) {
    const province = provByCode.get(code.slice(0, 2))!.name;
    // Units under the province directly (济源市, 仙桃市) are their own prefecture.
    const prefecture = prefNameByCode.get(code.slice(0, 4)) ?? name;
    const p: Place = Object.freeze({ name, code, prefecture, province, level: 'county' });
    counties.push(p);
    places.push(p);
  }

  const exact = new Map<string, Place[]>();
  const stems = new Map<string, Place[]>();
  const contextual = new Map<string, Place[]>();
  const commonNames = new Set(aliases.commonWordNames);
  const prefStem = (pref: string) => stemOf(pref, 'prefecture') ?? pref;
  // 阳泉市郊区 / 阳泉郊区: a prefecture-qualified name needs no context.
  const qualified = (p: Place, name: string) => {
    if (p.prefecture === p.name) return;
    push(exact, p.prefecture + name, p);
    push(exact, prefStem(p.prefecture) + name, p);
  };

  for (const p of places) {
    const stem = stemOf(p.name, p.level);
    // 城区, 郊区, 东区 (stem of one character) and 老城区 are everyday words: context only.
    if (p.level === 'county' && (!stem && /区$/.test(p.name) || commonNames.has(p.name))) {
      push(contextual, p.name, p);
      qualified(p, p.name);
      continue;
    }
    push(exact, p.name, p);
    if (stem) push(stems, stem, p);
  }

  const find = (row: AliasRow, what: string): Place => {
    const hits = counties.filter((p) => p.name === row.to && p.prefecture === row.prefecture);
    if (hits.length !== 1) {
      throw new Error(
        `place-aliases.json: ${what} "${row.from ?? row.name}" → "${row.to}" (${row.prefecture}) matches ${hits.length} gazetteer units, not one`,
      );
    }
    return hits[0];
  };
  const officialNames = new Set(places.map((p) => p.name));
  for (const row of aliases.renamed) {
    const p = find(row, 'renamed');
    if (officialNames.has(row.from!)) {
      throw new Error(`place-aliases.json: renamed "${row.from}" is the official name of another unit; list it under contextual`);
    }
    push(exact, row.from!, p);
  }
  for (const row of aliases.short) push(exact, row.name!, find(row, 'short'));
  for (const row of aliases.contextual) {
    const p = find(row, 'contextual');
    push(contextual, row.name!, p);
    qualified(p, row.name!);
  }

  addZoneForms(counties, aliases.zoneForms, contextual, qualified, [...provinces.keys()].map((n) => stemOf(n, 'province') ?? n));

  // Full names reports use that the list does not: the old county of a 撤县设市/区 unit (长垣县
  // for 长垣市, written in 2020), and autonomous units without their peoples (长阳县, 恩施州,
  // 管城区). Each only when exactly one unit yields it and nothing else bears the name.
  const derived = new Map<string, Place[]>();
  for (const p of places) {
    const stem = stemOf(p.name, p.level);
    if (!stem || p.level === 'province') continue;
    if (p.level === 'county' && !/县$/.test(stem) && /[市区]$/.test(p.name)) push(derived, `${stem}县`, p);
    if (/族|自治/.test(p.name)) push(derived, stem + p.name.slice(-1), p);
  }
  for (const [name, units] of derived) {
    if (units.length === 1 && !officialNames.has(name) && !exact.has(name)) push(exact, name, units[0]);
  }

  const commonStems = new Set<string>();
  for (const s of aliases.commonWordStems) {
    if (!stems.has(s)) throw new Error(`place-aliases.json: commonWordStems "${s}" is not the stem of any unit`);
    commonStems.add(s);
  }

  const keys = [...exact.keys(), ...stems.keys(), ...contextual.keys(), ...aliases.notPlaces];
  const words = keys.map((key) => ({ key, exact: exact.get(key), stems: stems.get(key), contextual: contextual.get(key), common: commonStems.has(key) }));
  return { places, exact, stems, contextual, commonStems, prefectures, provinces, trie: buildTrie(keys), keys, words };
}

// Dev zones: 新乡市平原城乡一体化示范区 is known as 平原示范区 and, in 新乡, as 示范区; 新乡高新技术
// 产业开发区 as 高新区. Derived by rule so every prefecture's zones get their short forms.
function addZoneForms(
  counties: Place[],
  forms: Record<string, string[]>,
  contextual: Map<string, Place[]>,
  qualified: (p: Place, name: string) => void,
  provinceStems: string[],
): void {
  const tails = Object.keys(forms).sort((a, b) => b.length - a.length);
  // Per prefecture: name → zones claiming it, split by whether the zone's own name leads to it
  // (高新区 for 新乡高新技术产业开发区) or only after dropping a qualifier (高新区 for 中新苏滁…).
  const claims = new Map<string, { direct: Place[]; loose: Place[] }>();
  const claim = (p: Place, name: string, direct: boolean) => {
    const k = `${p.prefecture}\t${name}`;
    const c = claims.get(k) ?? { direct: [], loose: [] };
    (direct ? c.direct : c.loose).push(p);
    claims.set(k, c);
  };
  for (const p of counties) {
    const tail = tails.find((t) => p.name.endsWith(t));
    if (!tail) continue;
    let rest = p.name;
    for (const lead of [...provinceStems, p.prefecture, stemOf(p.prefecture, 'prefecture') ?? p.prefecture, '市']) {
      if (rest.startsWith(lead) && rest.length > lead.length + tail.length - 1) rest = rest.slice(lead.length);
    }
    const qualifier = rest.slice(0, rest.length - tail.length); // 平原 in 平原城乡一体化示范区
    for (const f of new Set([tail, ...forms[tail]])) {
      claim(p, qualifier + f, true);
      if (qualifier) claim(p, f, false);
    }
  }
  for (const [k, c] of claims) {
    const name = k.split('\t')[1];
    const winners = c.direct.length ? c.direct : c.loose;
    // Two zones of one prefecture both called 经开区 by rule: neither gets the name.
    if (winners.length !== 1) continue;
    push(contextual, name, winners[0]);
    qualified(winners[0], name);
  }
}

// ---------------------------------------------------------------------------------------------
// Lookup

function prefectureOf(g: Gazetteer, name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (g.prefectures.has(name)) return name;
  const hits = [...(g.stems.get(name) ?? []), ...(g.exact.get(name) ?? [])];
  const pref = hits.find((p) => p.level === 'prefecture');
  if (pref) return pref.name;
  // A county-level name used as context stands for its prefecture (济源市 is its own).
  const county = hits.filter((p) => p.level === 'county');
  return county.length === 1 ? county[0].prefecture : undefined;
}

function provinceOf(g: Gazetteer, name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (g.provinces.has(name)) return name;
  return (g.stems.get(name) ?? []).find((p) => p.level === 'province')?.name;
}

const inPrefecture = (p: Place, pref: string) => p.prefecture === pref || p.name === pref;

/** Places of the same name at two levels (东莞市 the city, 东莞市 its one county-level unit;
 * 上海市 the province-level city and its prefecture level): keep the most specific. */
function collapse(list: Place[]): Place[] {
  if (list.length < 2) return list;
  return list.filter(
    (p) => !list.some((q) => q !== p && q.name === p.name && levelRank(q) > levelRank(p) && (q.prefecture === p.name || q.province === p.name)),
  );
}

const levelRank = (p: Place) => (p.level === 'county' ? 2 : p.level === 'prefecture' ? 1 : 0);

function narrow(g: Gazetteer, list: Place[], ctx: PlaceContext | undefined): Place[] {
  const pref = prefectureOf(g, ctx?.prefecture);
  const prov = provinceOf(g, ctx?.province) ?? (pref ? g.prefectures.get(pref)?.province : undefined);
  const byPref = pref ? list.filter((p) => inPrefecture(p, pref)) : [];
  if (byPref.length) return byPref;
  const byProv = prov ? list.filter((p) => p.province === prov) : [];
  return byProv.length ? byProv : list;
}

function contextualIn(g: Gazetteer, name: string, ctx: PlaceContext | undefined): Place[] {
  const pref = prefectureOf(g, ctx?.prefecture);
  return pref ? (g.contextual.get(name) ?? []).filter((p) => p.prefecture === pref) : [];
}

/**
 * Every place a name may denote: official full names, aliases, stems (原阳, 舞钢, 邯郸; never
 * shorter than two characters), and, given a prefecture, the names that only mean something
 * there (高新区). The context narrows the candidates to those in it; when none is, all are kept.
 * Input must already be Simplified.
 */
export function lookupName(name: string, ctx?: PlaceContext): Place[] {
  const g = loadGazetteer();
  const key = name.replace(/\s+/g, '');
  if (!key) return [];
  const found: Place[] = [];
  for (const p of [...(g.exact.get(key) ?? []), ...contextualIn(g, key, ctx), ...(key.length >= 2 ? (g.stems.get(key) ?? []) : [])]) {
    if (!found.includes(p)) found.push(p);
  }
  return narrow(g, collapse(found), ctx);
}

// Brackets, bullets, numbering and trailing colons around a heading: 【原阳县】, 一、卫辉市：
const HEADING_WRAP = /^[\s\p{P}\p{S}]*(?:[一二三四五六七八九十\d]+[、.．)）][\s\p{P}\p{S}]*)?|[\s\p{P}\p{S}]+$/gu;

/**
 * Is this short line a jurisdiction heading (卫辉市, 【原阳县】, 高新区 under 新乡市)? Only a whole
 * line that is nothing but a name qualifies. Returns the county- or prefecture-level unit, or
 * undefined when the line is not a name or the name stays ambiguous in the context.
 */
export function resolveHeading(line: string, ctx?: PlaceContext): Place | undefined {
  const name = headingName(line);
  return name === undefined ? undefined : resolveHeadingName(name, ctx);
}

/** The name a heading line would be (【原阳县】 → 原阳县), or undefined when it is no name at all. */
export function headingName(line: string): string | undefined {
  // Nothing to strip from a line of plain Han characters (most short lines: titles, headings).
  const name = plainHan(line) ? line : line.replace(HEADING_WRAP, '');
  return name.length < 2 || name.length > 16 || !/^[\p{Script=Han}·]+$/u.test(name) ? undefined : name;
}

/** resolveHeading for a line already reduced to its name by headingName. */
export function resolveHeadingName(name: string, ctx?: PlaceContext): Place | undefined {
  const g = loadGazetteer();
  const pick = (list: Place[]) => {
    const ok = collapse(list).filter((p) => p.level !== 'province');
    return ok.length === 1 ? ok[0] : undefined;
  };
  const full = g.exact.get(name);
  if (full) return pick(narrow(g, full, ctx));
  const local = contextualIn(g, name, ctx);
  if (local.length) return pick(local);
  // A bare stem (卫辉) is a heading only when the context confirms it.
  const pref = prefectureOf(g, ctx?.prefecture);
  if (!pref || g.commonStems.has(name)) return undefined;
  const stemmed = (g.stems.get(name) ?? []).filter((p) => inPrefecture(p, pref));
  // 新乡 under 新乡市 means the city, never 新乡县.
  const city = stemmed.find((p) => p.level === 'prefecture');
  return city ?? pick(stemmed);
}

// ---------------------------------------------------------------------------------------------
// Document-level resolution

type Field = 'title' | 'source' | 'body';

interface Hit {
  field: Field;
  word: Word;
  key: string;
  start: number;
  end: number;
  /** Not glued to the Han character before it (start, punctuation, or a place name before it). */
  anchored: boolean;
  /** The place-name hit right before this one (河南南阳桐柏县), if any. */
  prev?: Hit;
  text: string;
  /** Whether the words around a stem make it a person or a firm (NOT_PLACE_AFTER, ROLE_BEFORE):
   * they do not depend on the context, so the second reading pass reuses the first's answer. */
  notPlace?: boolean;
  /** This hit's reading in the current pass, for the hit after it (set by readAll). */
  reading?: Reading;
}

// Leftmost-longest: 平原示范区 is read whole, never as 平原 + 示范区; 新乡县 never as 新乡 + 县.
function scan(g: Gazetteer, text: string, field: Field, hits: Hit[]): void {
  let last: Hit | undefined;
  for (let i = nextCandidate(g.trie, text, 0); i < text.length; i = nextCandidate(g.trie, text, i)) {
    const w = longestAt(g.trie, text, i);
    if (w < 0) {
      i++;
      continue;
    }
    const word = g.words[w];
    const key = word.key;
    // 长治久安, 新华社: consumed whole so their place-like part is never read, but not a place.
    if (!word.exact && !word.stems && !word.contextual) {
      i += key.length;
      last = undefined;
      continue;
    }
    const prev = last && adjoins(text, last.end, i) ? last : undefined;
    const hit: Hit = { field, word, key, start: i, end: i + key.length, anchored: !isHanAt(text, i - 1) || !!prev, prev, text };
    hits.push(hit);
    last = hit;
    i = hit.end;
  }
}

/** Is text[from, to) nothing, or one space, colon or ·, as between 河南 and 南阳 in 河南南阳? */
const adjoins = (text: string, from: number, to: number) => to === from || (to === from + 1 && /[\s:：·]/.test(text[from]));

// What follows a stem when it names a person or a firm, not the place (原阳联通, 李卫东同志).
const NOT_PLACE_AFTER =
  /^(?:同志|书记|主任|强调|指出|要求|表示|主持|讲话|联通|移动|电信|银行|农商|公司|集团|服务区|收费站|大道|路|街|站|宾馆|酒店|大学|中学|小学)/;
// Role words right before a name: 县委书记李卫东 → 卫东 is a given name.
const ROLE_BEFORE = /(?:书记|县长|市长|区长|旗长|主任|局长|委员|同志|记者|编辑|通讯员|作者)[\p{Script=Han}]?$/u;
// Words a news headline puts after a place's short name (原阳召开…, 舞钢：…).
const TITLE_AFTER = /^(?:[\s:：,，、|丨]|召开|举行|举办|部署|开展|启动|全力|扎实|多措|持续|强化|加强|全面|坚决|印发|通报|落实|筑牢|织密|打好|打赢|严防|严格|实施|启用|做好|推进|抓好|聚焦|疫情|防疫|战疫|抗疫|新冠|县|市|区|旗|融媒|日报|新闻|发布|电视|广播|网|在线|政府|县委|市委|区委|宣传|头条|之声|$)/;
// Self-reference: 我县, 全市, or 县委, 区政府… (县, 区 or 旗 + AFTER) at the start of a clause.
const KINDS = /[县市区旗]/g;
const AFTER = /^(?:委|政府|人民政府|长|领导|疫情)/;
// Code units of 我, 全, 本 and 市, compared as numbers: no string per position.
const WO = 0x6211;
const QUAN = 0x5168;
const BEN = 0x672c;
const SHI = 0x5e02;

/**
 * Count self-references by kind: what /(?:我|全|本)(县|市|区|旗)|(?:^|[^\p{Script=Han}])(县|区|旗)
 * (?:委|政府|人民政府|长|领导|疫情)/gmu finds, without running a Unicode-property RegExp over the
 * whole body: only the positions of 县, 市, 区 and 旗 are looked at, found by a one-class RegExp
 * (native search, about twice as fast as a charCodeAt loop over the body).
 */
export function countSelfReferences(text: string, n: Map<string, number>): void {
  let consumed = 0; // end of the last match: a new one may not start before it
  KINDS.lastIndex = 0;
  for (let x; (x = KINDS.exec(text)); ) {
    const i = x.index;
    const k = x[0];
    const before = text.charCodeAt(i - 1); // NaN at the start
    if (i - 1 >= consumed && (before === WO || before === QUAN || before === BEN)) {
      n.set(k, (n.get(k) ?? 0) + 1);
      consumed = i + 1;
      continue;
    }
    if (text.charCodeAt(i) === SHI) continue;
    // Text start, or a non-Han character (line breaks included) that no earlier match took.
    const opens = i === 0 || (i - 1 >= consumed && !isHanAt(text, i - 1));
    if (!opens) continue;
    const a = AFTER.exec(text.slice(i + 1, i + 5));
    if (!a) continue;
    n.set(k, (n.get(k) ?? 0) + 1);
    consumed = i + 1 + a[0].length;
    KINDS.lastIndex = consumed;
  }
}

interface Reading {
  hit: Hit;
  place: Place;
  kind: 'full' | 'stem' | 'local';
}

interface Context {
  prefectures: Set<string>;
  provinces: Set<string>;
}

/** Does the place fit under the place-name hit right before it (南阳 after 河南)? */
const fits = (p: Place, prevPlace: Place | undefined) =>
  prevPlace ? (prevPlace.level === 'province' ? p.province === prevPlace.name : inPrefecture(p, prevPlace.name)) : false;
const inCtx = (p: Place, ctx: Context) => ctx.prefectures.has(p.prefecture) || ctx.prefectures.has(p.name);

function choose(list: Place[], ctx: Context, prevPlace: Place | undefined): Place[] {
  // A single candidate is what every narrowing below either keeps or falls back to.
  if (list.length < 2) return list;
  const qualified = list.filter((p) => fits(p, prevPlace));
  if (qualified.length) return qualified;
  const local = list.filter((p) => inCtx(p, ctx));
  if (local.length) return local;
  const prov = list.filter((p) => ctx.provinces.has(p.province));
  return prov.length ? prov : list;
}

/** What one hit names, given the prefectures and provinces known so far (or none). */
function read(hit: Hit, ctx: Context, prevPlace?: Place): Reading | undefined {
  const { word } = hit;
  // 和县 in 乡镇和县直单位, 城区 in 主城区: a two-character name glued to the word before it is
  // part of that word.
  if (word.key.length === 2 && !hit.anchored && (word.exact || word.contextual)) return undefined;
  if (word.exact) {
    const c = collapse(choose(word.exact, ctx, prevPlace));
    return c.length === 1 ? { hit, place: c[0], kind: 'full' } : undefined;
  }
  if (word.contextual) {
    let local: Place | undefined;
    let count = 0;
    for (const p of word.contextual) if (fits(p, prevPlace) || inCtx(p, ctx)) (local = p), count++;
    if (count) return count === 1 ? { hit, place: local!, kind: 'local' } : undefined;
  }

  const stemmed = word.stems;
  if (!stemmed || word.common) return undefined;
  const after = hit.text.slice(hit.end, hit.end + 4);
  hit.notPlace ??= NOT_PLACE_AFTER.test(after) || ROLE_BEFORE.test(hit.text.slice(Math.max(0, hit.start - 4), hit.start));
  if (hit.notPlace) return undefined;
  const c = collapse(choose(stemmed, ctx, prevPlace));
  const place = topOfStem(c);
  if (!place) return undefined;
  // A county's bare stem in running text counts only inside a known prefecture; in a headline
  // or source line it may stand alone when it reads like a dateline (原阳召开…, 舞钢：…).
  if (place.level === 'county' && !fits(place, prevPlace) && !inCtx(place, ctx)) {
    const datelined = hit.field !== 'body' && hit.anchored && c.length === 1 && TITLE_AFTER.test(after);
    if (!datelined) return undefined;
  }
  return { hit, place, kind: 'stem' };
}

/**
 * A bare stem names the higher unit: 新乡 is 新乡市 (not 新乡县), 西安 is 西安市, 河南 is 河南省.
 * Except against a municipality's district, which is as well known as any city: 朝阳 is 北京
 * 朝阳区 as often as 辽宁朝阳市, so it stays unresolved.
 */
function topOfStem(c: Place[]): Place | undefined {
  if (c.length === 1) return c[0];
  const top = Math.min(...c.map(levelRank));
  const highest = c.filter((p) => levelRank(p) === top);
  if (highest.length !== 1) return undefined;
  const municipal = (p: Place) => p.level === 'county' && p.province === p.prefecture;
  if (highest[0].level === 'prefecture' && c.some(municipal)) return undefined;
  return highest[0];
}

function readAll(hits: Hit[], ctx: Context): Reading[] {
  const out: Reading[] = [];
  for (const h of hits) {
    // A hit's prev comes before it in `hits`, so its reading is this pass's.
    const r = read(h, ctx, h.prev?.reading?.place);
    h.reading = r;
    if (r) out.push(r);
  }
  return out;
}

export interface PlaceInput {
  title: string;
  source?: string;
  body: string;
  heading?: string;
  prefectureHint?: string;
}

const BODY_LIMIT = 20000;

/**
 * Pick the jurisdiction a report (or a bulletin section) is about. Evidence, strongest first: the
 * section heading, the headline, the source line (来源:原阳县人民政府), then the body (names,
 * short names inside a prefecture the report names: 平顶山市委 … 舞钢人民), with the report's own
 * voice (我县, 县委书记) favouring units of that kind. The most specific unit wins; a prefecture
 * only when no county-level unit stands out. Bare ambiguous names are never resolved.
 *
 * The steps are functions of their own so that V8 compiles each on its own: as one function with
 * its callees inlined it was the costliest compilation in a worker, recompiled whole each time a
 * rarely taken branch was first reached (about 280 ms of compiler time per worker).
 */
export function resolveDocumentPlace(input: PlaceInput): { place?: Place; evidence: string } {
  const g = loadGazetteer();
  const hint = prefectureOf(g, input.prefectureHint);
  if (input.heading) {
    const h = resolveHeading(input.heading, { prefecture: hint });
    if (h) return { place: h, evidence: `heading ${input.heading.trim()}` };
  }
  const source = (input.source ?? '').replace(/^.*?来源[:：]\s*/, '');
  const body = input.body.slice(0, BODY_LIMIT);
  const hits: Hit[] = [];
  scan(g, input.title, 'title', hits);
  scan(g, source, 'source', hits);
  scan(g, body, 'body', hits);
  const { ctx, strong } = contextOf(g, hits, hint);
  const readings = readAll(hits, ctx);
  const tally = tallyReadings(readings);
  weigh(tally, ctx, strong, selfReference(input.title, body), hint);
  return decide(g, tally, readings, hint);
}

/**
 * Pass 1: prefectures and provinces the report names plainly; they decide what short and shared
 * names mean in pass 2. `strong`: the prefectures the headline or source line stands in.
 */
function contextOf(g: Gazetteer, hits: Hit[], hint: string | undefined): { ctx: Context; strong: Set<string> } {
  const bare: Context = { prefectures: new Set(hint ? [hint] : []), provinces: new Set() };
  const first = readAll(hits, bare);
  const strong = new Set(bare.prefectures);
  const ctx: Context = { prefectures: new Set(strong), provinces: new Set() };
  for (const r of first) {
    const p = r.place;
    const headline = r.hit.field !== 'body';
    if (p.level === 'province') ctx.provinces.add(p.name);
    else if (p.level === 'prefecture' && (headline || r.kind === 'full' || r.hit.prev)) {
      ctx.prefectures.add(p.name);
      if (headline) strong.add(p.name);
    } else if (p.level === 'county' && headline && r.kind === 'full') {
      strong.add(p.prefecture);
      ctx.prefectures.add(p.prefecture);
    }
  }
  for (const pref of ctx.prefectures) {
    const province = g.prefectures.get(pref)?.province;
    if (province) ctx.provinces.add(province);
  }
  return { ctx, strong };
}

/** The places pass 2 read, scored by where they are named (provinces are left out). */
function tallyReadings(readings: Reading[]): Map<Place, Tally> {
  const tally = new Map<Place, Tally>();
  const titleOrder = new Map<Place, number>();
  for (const r of readings) {
    const { place: p, hit } = r;
    if (p.level === 'province') continue;
    const t = tally.get(p) ?? { place: p, score: 0, title: false, source: false, body: 0, why: [] };
    tally.set(p, t);
    if (t.why.length < 4) {
      const why = `${hit.field} ${hit.key}`;
      if (!t.why.includes(why)) t.why.push(why);
    }
    if (hit.field === 'title') {
      if (!titleOrder.has(p)) titleOrder.set(p, titleOrder.size);
      // The first unit a headline names is its subject (邱县召开… 石家庄返乡人员).
      if (!t.title) t.score += (p.level === 'county' ? 100 : 80) - 5 * titleOrder.get(p)!;
      t.title = true;
    } else if (hit.field === 'source') {
      if (!t.source) t.score += p.level === 'county' ? 75 : 30;
      t.source = true;
    } else if (t.body < 6) {
      // Names in the body add up, but only so far: a list in passing must not outweigh a headline.
      const institutional = r.kind === 'full' && INSTITUTION_AFTER.test(hit.text.slice(hit.end, hit.end + 4));
      t.score += p.level === 'county' ? (r.kind === 'stem' ? 2 : institutional ? 5 : 4) : 3;
      t.body += institutional ? 2 : 1;
    }
  }
  return tally;
}

const INSTITUTION_AFTER = /^(?:委|政府|人民政府|人大|政协|疫情|新冠|防控|融媒)/;

/** Scores from the whole report: the prefectures it stands in, its own voice, the hint. */
function weigh(tally: Map<Place, Tally>, ctx: Context, strong: Set<string>, voice: string | undefined, hint: string | undefined): void {
  for (const t of tally.values()) {
    const p = t.place;
    if (p.level === 'county') {
      if (strong.has(p.prefecture)) t.score += 15;
      else if (ctx.prefectures.has(p.prefecture)) t.score += 5;
      if (voice && p.name.endsWith(voice)) t.score += 10;
    }
    if (hint && !inPrefecture(p, hint)) t.score -= 50;
  }
}

const ranked = (tally: Map<Place, Tally>, level: Place['level'], ok: (t: Tally) => boolean) =>
  [...tally.values()].filter((t) => t.place.level === level && ok(t)).sort((a, b) => b.score - a.score);
const headline = (t: Tally) => t.title || t.source;
const answer = (t: Tally) => ({ place: t.place, evidence: t.why.join('; ') });

function decide(g: Gazetteer, tally: Map<Place, Tally>, readings: Reading[], hint: string | undefined): { place?: Place; evidence: string } {
  const [county] = ranked(tally, 'county', headline);
  const [pref] = ranked(tally, 'prefecture', headline);
  if (county && !(pref && pref.score > county.score)) return answer(county);
  // Body-only: the unit must be named repeatedly and clearly more than any other county; a
  // headline naming the prefecture keeps the report at the prefecture.
  if (!pref?.title) {
    const [top, next] = ranked(tally, 'county', (t) => !headline(t) && t.score > 0);
    if (top && top.body >= 2 && top.score >= 2 * (next?.score ?? 0)) return answer(top);
  }
  if (pref) return answer(pref);
  return fallback(g, tally, readings, hint);
}

/** No county and no prefecture named in the headline or stands out in the body. */
function fallback(g: Gazetteer, tally: Map<Place, Tally>, readings: Reading[], hint: string | undefined): { place?: Place; evidence: string } {
  if (hint) return { place: g.prefectures.get(hint) ?? lookupName(hint)[0], evidence: `prefecture hint ${hint}` };
  const [bodyPref, nextPref] = ranked(tally, 'prefecture', (t) => t.body >= 2);
  if (bodyPref && bodyPref.score > (nextPref?.score ?? 0)) return answer(bodyPref);
  // A province-wide notice (海南省发布…): the province, when the headline names one and only one.
  const provinces = new Set(readings.filter((r) => r.hit.field === 'title' && r.place.level === 'province').map((r) => r.place));
  if (provinces.size === 1) {
    const [p] = provinces;
    return { place: p, evidence: `title ${p.name}` };
  }
  return { evidence: 'no place named' };
}

interface Tally {
  place: Place;
  score: number;
  title: boolean;
  source: boolean;
  /** Body mentions counted (an institutional one, 原阳县委, counts twice). */
  body: number;
  why: string[];
}

/** The kind of unit the report speaks as (县 for 我县/县委书记…), when one kind dominates. */
function selfReference(title: string, body: string): string | undefined {
  const n = new Map<string, number>();
  for (const text of [title, body]) countSelfReferences(text, n);
  // The most counted kind (the first counted among equals) and the count of the runner-up.
  let top: string | undefined;
  let first = 0;
  let second = 0;
  for (const [k, c] of n) {
    if (c > first) (second = first), (first = c), (top = k);
    else if (c > second) second = c;
  }
  return second * 2 > first ? undefined : top;
}
