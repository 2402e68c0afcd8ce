// Clean: drop the page chrome around a report (navigation, share widgets, disclaimers, link
// lists, editor lines, footers) and repeated copies of the body, keeping everything the report
// says. Works on Simplified text (Traditional documents are converted first), line by line.

export interface Cleaned {
  /** The report: title line first, then the body, one paragraph per line. */
  text: string;
  title: string;
  /** The source line's value, e.g. 原阳县人民政府 (from 来源:原阳县人民政府). */
  source?: string;
  /** The line that carries the publication date (发布时间:2021-1-9, 2020-02-22 08:00:00 来源:…). */
  publishedLine?: string;
}

// A line that is chrome by itself. Anchored or specific enough not to hit report sentences.
const CHROME_LINE = [
  /^(分享到|分享本文到|分享至|分享：|分享:)/,
  /^(免责声明|版权声明|声明：|声明:)/,
  /^(责任编辑|责编|编辑|审核|校对|初审|复审|终审|来源编辑)\s*[:：]/,
  /^[[【(（]?\s*(责任编辑|编辑|审核|责编)\s*[:：][^\]】)）]{0,20}[\]】)）]?$/,
  /^责任编辑\s*\S{0,12}$/,
  /^(返回顶部|返回首页|打印本页|关闭窗口|关闭本页|【打印】|【关闭】|【返回顶部】|打印|关闭)$/,
  /^.{0,12}(扫码|扫一扫|扫描二维码|长按识别).{0,10}(关注|下载|公众号|订阅)[^。，,]{0,20}$/,
  /^(ID|微信号)\s*[:：]\s*\w+$/,
  /^(上一篇|下一篇|上一条|下一条)\s*[:：]/,
  /(ICP备|ICP证|公网安备|版权所有|Copyright|©|增值电信业务经营许可证|广告经营许可|信息网络传播视听节目许可证|违法和不良信息举报)/i,
  /^(关于我们|联系我们|网站地图|联系电话|投稿邮箱)/,
  /^(欢迎访问|热门关键词|热门搜索|当前位置|您的位置|你的位置|您现在的位置)/,
  /^城市\s*[:：]\s*$/,
  /(最新评论|暂无评论|发表评论|网友评论|我要评论)/,
  /^昵称\s*[:：]/,
  /^字号\s*[:：]/,
  /^(人员查询|网站首页|首页)(\s+\S{1,6}){0,8}$/,
  /^\S{1,8}(\s*[>›»]\s*\S{1,12}){1,6}$/, // breadcrumbs: 黄河新闻网 > 长治频道 > 壶关县
  /^\S{1,8}(\s*[|｜]\s*\S{1,12}){2,}$/, // menus: 首页 | 新闻 | 政务
  /^(解读中国|阅读|点击|浏览)\s*[:：]?\s*\d*\s*(次)?$/,
  /^(图为|图片|图注|(?:图\s*[:：]))[:：]?/,
  /^\s*(视频|图片)\s*[:：]?\s*$/,
];

// A line after which everything is chrome: related links, recommendations, comment boxes.
const TAIL_START = /^\s*(相关链接|相关推荐|相关文章|相关新闻|相关阅读|推荐阅读|延伸阅读|热点推荐|热门推荐|猜你喜欢|更多阅读|往期回顾|精彩推荐)\s*[:：]?\s*$/;

// A source line: 来源:原阳县人民政府, optionally with date and author on the same line.
const SOURCE = /(?:来源|来自|稿源|信息来源|文章来源)\s*[:：]\s*([^\s|｜]{2,30})/;
const PUBLISHED = /(发布时间|发布日期|发表时间|更新时间|时间|日期)\s*[:：]\s*\d{4}\s*[-/.年]\s*\d{1,2}|^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?(\s|$)/;
// Web-page metadata line (source, date, author, hits…) rather than report text.
const META_LINE = /^[^。！？]{0,80}(来源|发布时间|发布日期|作者|人气|点击|浏览|字号)\s*[:：][^。！？]{0,80}$/;

// The same patterns as two RegExps, for speed: the anchored ones as one alternation tried at the
// start of the line only, the rest as one that scans it once.
const anchored = CHROME_LINE.filter((re) => re.source.startsWith('^'));
const CHROME_START = new RegExp(`^(?:${anchored.map((re) => re.source.slice(1)).join('|')})`);
const CHROME_ANYWHERE = new RegExp(
  CHROME_LINE.filter((re) => !anchored.includes(re))
    .map((re) => `(?:${re.source})`)
    .join('|'),
  'i',
);
// Flags other than i would change what the merged patterns mean.
if (CHROME_LINE.some((re) => re.flags.replace('i', '') !== '' || (re.flags === 'i' && anchored.includes(re)))) {
  throw new Error('clean.ts: chrome patterns may only use the i flag, and only unanchored');
}

/** The patterns as written, for the plain reference implementation in test/clean.test.ts. */
export const PATTERNS = { chrome: CHROME_LINE, tail: TAIL_START, source: SOURCE, published: PUBLISHED, meta: META_LINE };

// What the line scan notes per code unit, so that most lines skip most regexes: a line can only
// match a pattern that needs a character it does not have. The sets follow the patterns above;
// test/clean.test.ts checks the result against running every regex on every line.
const WS = 1; // white space: what \s and trim() match
const COLON = 2; // [:：], which META_LINE and PUBLISHED's labelled form need
const STOP = 4; // 。！？: META_LINE allows none anywhere in the line
const INNER = 8; // the anchored chrome patterns that start with no literal need one: 扫码…, breadcrumbs, menus
const MARK = 16; // an unanchored chrome alternative has one: ICP and Copyright a p, 版权, ©, 违法, 评论
const PAIR = 32; // the others have 安备 (公网安备) or 许可 (licences): characters common in reports, pairs not
// Flags of a line's first character, in a table of their own (so that each stays a byte a code unit).
const LEAD = 1; // the anchored chrome patterns' first characters
const TAIL = 2; // TAIL_START's first characters
const DIGIT = 4; // PUBLISHED's bare-date form starts with one

const CHAR = new Uint8Array(0x10000);
const FIRST = new Uint8Array(0x10000);
function mark(table: Uint8Array, chars: string, flag: number): void {
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] |= flag;
}
const WHITE = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
mark(CHAR, WHITE, WS);
mark(CHAR, ':：', COLON);
mark(CHAR, '。！？', STOP);
mark(CHAR, '扫长>›»|｜', INNER);
mark(CHAR, 'Pp权©违评', MARK);
mark(CHAR, '备许', PAIR);
mark(FIRST, WHITE, LEAD | TAIL | DIGIT);
mark(FIRST, '分免版声责编审校初复终来[【(（返打关I微上下联网投欢热当您你城昵字人首解阅点浏图视', LEAD);
mark(FIRST, '相推延热猜更往精', TAIL);
mark(FIRST, '0123456789', DIGIT);

function isChrome(line: string, lead: number, flags: number): boolean {
  if ((lead & LEAD || flags & INNER) !== 0 && CHROME_START.test(line)) return true;
  const marked = (flags & MARK) !== 0 || ((flags & PAIR) !== 0 && (line.includes('安备') || line.includes('许可')));
  return marked && CHROME_ANYWHERE.test(line);
}

export function cleanText(input: string): Cleaned {
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  let source: string | undefined;
  let publishedLine: string | undefined;
  // A page that carries its article twice (once in a teaser, once in full, or after a footer)
  // would count every measure twice: keep the first copy of each line, compared without its
  // white space (short lines too: every repeat goes).
  const seen = new Map<number, string | string[]>();
  const body: string[] = [];
  const units = codeUnits(text);
  for (let from = 0; from <= text.length; ) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    let s = from;
    let e = to;
    from = to + 1;
    while (s < e && CHAR[units[s]] & WS) s++;
    while (e > s && CHAR[units[e - 1]] & WS) e--;
    if (s === e) continue;
    let flags = 0;
    for (let i = s; i < e; i++) flags |= CHAR[units[i]];
    let line = text.slice(s, e);
    // Runs of white space and tabs become one space (most lines have neither).
    if (flags & WS && collapses(line)) line = line.replace(/\s+/g, (m) => (m.length > 1 || m === '\t' ? ' ' : m));
    const lead = FIRST[line.charCodeAt(0)];

    if (lead & TAIL && TAIL_START.test(line)) break;
    const mayPublish = (flags & COLON || lead & DIGIT) !== 0;
    const meta = (flags & COLON) !== 0 && !(flags & STOP) && META_LINE.test(line);
    if (meta || (line.length < 80 && mayPublish && PUBLISHED.test(line))) {
      const src = SOURCE.exec(line);
      if (src && !source) source = src[1];
      if (!publishedLine && mayPublish && PUBLISHED.test(line)) publishedLine = line;
      continue;
    }
    if (isChrome(line, lead, flags)) continue;
    const key = flags & WS ? line.replace(/\s+/g, '') : line;
    if (addNew(seen, key)) body.push(line);
  }
  const title = pickTitle(body);
  return { text: body.join('\n'), title, source, publishedLine };
}

// The text's code units, copied into a buffer kept between calls: a loop over a typed array runs
// in about half the time of charCodeAt on the string, which more than pays for the copy. A text
// longer than KEEP units gets a buffer of its own, dropped after it (kept, it would hold 2 bytes a
// unit of the longest document the process ever cleaned).
const KEEP = 1 << 18;
let scratch = new Uint16Array(1 << 14);

function codeUnits(text: string): Uint16Array {
  let units = scratch;
  if (units.length < text.length) {
    units = new Uint16Array(Math.max(text.length, Math.min(KEEP, scratch.length * 2)));
    if (units.length <= KEEP) scratch = units;
  }
  Buffer.from(units.buffer, 0, text.length * 2).write(text, 'utf16le');
  return units;
}

/** Whether a line with white space inside has a run of it, or a tab. */
function collapses(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 9 || (CHAR[c] & WS && i + 1 < line.length && CHAR[line.charCodeAt(i + 1)] & WS)) return true;
  }
  return false;
}

// Lines seen so far, by a hash of their length and five of their characters: a Set hashed every
// line whole, a sixth of the time cleanText took. Lines with the same hash are told apart by ===.
function addNew(seen: Map<number, string | string[]>, key: string): boolean {
  const n = key.length;
  const q = n >> 2;
  const h =
    Math.imul(n, 0x9e3779b1) ^
    Math.imul(key.charCodeAt(0), 0x85ebca6b) ^
    Math.imul(key.charCodeAt(q), 0xc2b2ae35) ^
    Math.imul(key.charCodeAt(n >> 1), 0x27d4eb2f) ^
    Math.imul(key.charCodeAt(n - 1 - q), 0x165667b1) ^
    key.charCodeAt(n - 1);
  const got = seen.get(h);
  if (got === undefined) seen.set(h, key);
  else if (typeof got === 'string') {
    if (got === key) return false;
    seen.set(h, [got, key]);
  } else {
    if (got.includes(key)) return false;
    got.push(key);
  }
  return true;
}

// The headline: the first line that reads like a title (short, no sentence end), else the first.
function pickTitle(lines: string[]): string {
  for (const l of lines.slice(0, 6)) {
    if (l.length >= 6 && l.length <= 60 && !/[。！？]$/.test(l) && /\p{Script=Han}/u.test(l)) return l;
  }
  return lines[0] ?? '';
}
