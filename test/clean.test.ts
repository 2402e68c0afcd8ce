import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { cleanText, PATTERNS, type Cleaned } from '../src/clean.ts';
import { seedsDir } from '../src/paths.ts';

const seed = (f: string) => readFileSync(`${seedsDir}/${f}`, 'utf8');

test('page chrome goes, the report stays (seed 001)', () => {
  const c = cleanText(seed('001_25b65dffd8786ce5.txt'));
  assert.equal(c.title, '河北邯郸:邱县召开疫情防控工作调度会议');
  assert.equal(c.source, '民声法治网');
  assert.match(c.publishedLine!, /发布时间:2021-1-9/);
  for (const junk of ['欢迎访问', '热门关键词', '人员查询', '责任编辑', '分享本文到', '免责声明', '最新评论', '昵称']) assert.ok(!c.text.includes(junk), junk);
  assert.ok(c.text.includes('每个村、每个小区卡口都要设置健康码、行程码标志,人员进入除了测温,必须要求扫码'));
  assert.ok(c.text.includes('李剑青最后强调'));
});

test('a repeated body is kept once, and the footer and link list go (seed 003)', () => {
  const c = cleanText(seed('003_466bd0b2d4ad3475.txt'));
  assert.equal(c.title, '壶关县委疫情防控专题会召开');
  assert.equal(c.source, '黄河新闻网长治频道');
  assert.equal(c.text.split('张宏方要求').length, 2, 'the article appears once');
  for (const junk of ['相关链接', '紫泉村', 'ICP', '公网安备', '投稿邮箱', '[编辑:张乐]', '分享到', '图为']) assert.ok(!c.text.includes(junk), junk);
});

test('the source line survives as metadata when the title names no place (seed 000)', () => {
  const c = cleanText(seed('000_eafe1f63b57826f3.txt'));
  assert.equal(c.source, '原阳县人民政府');
  assert.match(c.publishedLine!, /^2020-02-22 08:00:00/);
  assert.ok(!/ {20}/.test(c.text), 'whitespace runs are gone');
  for (const junk of ['扫码关注', '返回顶部', '相关推荐', '字号']) assert.ok(!c.text.includes(junk), junk);
  assert.ok(c.text.includes('高速道路、县乡道路卡点取消'));
});

test('a sentence that merely mentions QR codes is report text, not a share widget', () => {
  const c = cleanText('红旗区推广疫情排查小程序\n群众只需要通过手机扫描二维码或微信分享链接,即可足不出户完成秒登信息。\n扫码关注中国小康网公众号\n');
  assert.ok(c.text.includes('扫描二维码或微信分享链接'));
  assert.ok(!c.text.includes('公众号'));
});

// The plain algorithm: every pattern on every line. cleanText skips the regexes a line cannot
// match by the characters it has; it must keep and drop exactly the same lines.
function reference(input: string): Cleaned {
  const lines = input
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+/g, (m) => (m.length > 1 || m === '\t' ? ' ' : m)).trim());
  let source: string | undefined;
  let publishedLine: string | undefined;
  const body: string[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (!line) continue;
    if (PATTERNS.tail.test(line)) break;
    if (PATTERNS.meta.test(line) || (line.length < 80 && PATTERNS.published.test(line))) {
      const src = PATTERNS.source.exec(line);
      if (src && !source) source = src[1];
      if (PATTERNS.published.test(line) && !publishedLine) publishedLine = line;
      continue;
    }
    if (PATTERNS.chrome.some((re) => re.test(line))) continue;
    const key = line.replace(/\s+/g, '');
    if (seen.has(key)) continue;
    seen.add(key);
    body.push(line);
  }
  const title = body.slice(0, 6).find((l) => l.length >= 6 && l.length <= 60 && !/[。！？]$/.test(l) && /\p{Script=Han}/u.test(l));
  return { text: body.join('\n'), title: title ?? body[0] ?? '', source, publishedLine };
}

test('same result as every pattern on every line, on the seeds and the fixture sentences', () => {
  for (const f of readdirSync(seedsDir)) assert.deepEqual(cleanText(seed(f)), reference(seed(f)), f);
  const sentences = readFileSync(new URL('fixtures/measure-sentences.tsv', import.meta.url), 'utf8');
  assert.deepEqual(cleanText(sentences), reference(sentences));
});

test('same result as every pattern on every line, on lines made of the patterns\' own words', () => {
  // Every literal run of the patterns (分享到, ICP备, Copyright…), whatever separators, white
  // space, dates and sentence ends they use, and some report text and ASCII in odd cases.
  const words = [...new Set(Object.values(PATTERNS).flat().flatMap((re) => re.source.match(/[\p{Script=Han}A-Za-z©]+/gu) ?? []))];
  const piece = fc.oneof(
    fc.constantFrom(...words),
    fc.tuple(fc.constantFrom(...words), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 })).map(([w, up]) => [...w].map((c, i) => (up[i % 12] ? c.toUpperCase() : c.toLowerCase())).join('')),
    fc.constantFrom(...'：:。！？，,>›»|｜[]【】()（）©-/.年 \t\u3000\u00a0\ufeff\u2028\r\n'),
    fc.constantFrom('\n', '\r\n', '  ', '2021-1-9', '2020-02-22 08:00:00', '2022年3月', '12', '次', 'icp', 'cOpYrIgHt', 'ID', 'abc_1'),
    fc.string({ unit: fc.constantFrom('疫', '情', '防', '控', '县', '卫', '健', '委', '扫', '码', '图', '关', '注'), maxLength: 30 }),
    fc.nat(99999).map(String),
    fc.tuple(fc.nat(9999), fc.nat(13), fc.nat(32), fc.constantFrom('-', '/', '.')).map(([y, m, d, sep]) => `\n${y}${sep}${m}${sep}${d}`),
    // Menus and breadcrumbs: 首页 | 新闻 | 政务, 黄河新闻网 > 长治频道.
    fc
      .tuple(fc.array(fc.constantFrom(...words.filter((w) => w.length < 8), '新闻', '政务'), { minLength: 2, maxLength: 5 }), fc.constantFrom('|', ' | ', '｜', '>', ' > ', '›', '»', ' '))
      .map(([ws, sep]) => `\n${ws.join(sep)}`),
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      assert.deepEqual(cleanText(text), reference(text));
    }),
    { numRuns: 5000 },
  );
});

test('lines that differ only where the repeat check does not look are kept, and their repeats dropped', () => {
  // Same length and same first, quarter, middle, three-quarter and last characters.
  const lines = ['县委召开疫情防控工作会议要求', '县委召开疫情防控工作会议要求'.replace('委', '政'), '县委召开疫情防控工作会议要求'.replace('委', '里')];
  const c = cleanText([...lines, ...lines, lines[1]].join('\n'));
  assert.equal(c.text, lines.join('\n'));
});

test('a very long document leaves no buffer sized for it behind', async () => {
  const { retainedBytes } = await import('./fixtures/retained.ts');
  cleanText('县里设置卡点。');
  const lines = Array.from({ length: 100_000 }, (_, i) => `县里设置卡点，开展核酸检测，第${i}条。`).join('\n');
  const kept = retainedBytes(() => {
    assert.ok(cleanText(lines).text.length > 0);
    cleanText('县里设置卡点。');
  });
  // 2.3 million code units, copied at 2 bytes each: the copy (4.4 MiB) was kept for the next call.
  assert.ok(kept < 2 << 20, `${(kept / 1048576).toFixed(1)} MB kept`);
});
