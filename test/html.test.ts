// Saved web pages: reduced to report text by the HTML parser, charset read from the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import iconv from 'iconv-lite';
import { decodeBytes } from '../src/decode.ts';
import { htmlToText, sniffHtmlCharset } from '../src/html.ts';
import { seedsDir } from '../src/paths.ts';

const S001 = readFileSync(`${seedsDir}/${readdirSync(seedsDir).find((f) => f.startsWith('001'))}`, 'utf8');
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Seed 001's lines as the text reduction must give them: whitespace collapsed, blank lines gone. */
const PARAGRAPHS = S001.split('\n')
  .map((l) => l.replace(/\s+/g, ' ').trim())
  .filter(Boolean);
const HEADLINE = '河北邯郸:邱县召开疫情防控工作调度会议';

/** A page such as a county site serves: chrome, scripts, styles, entities around seed 001's text. */
function page(charset = 'utf-8', h1 = true): string {
  const body = PARAGRAPHS.filter((p) => p !== HEADLINE)
    .map((p, i) => (i % 3 ? `<p>\n  ${escape(p)}\n</p>` : `<div class="para"><span>${escape(p)}</span></div>`))
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<title>${HEADLINE}_民声法治网</title>
<style>body { font-family: "宋体"; } .nav li:before { content: "样式里的字"; }</style>
<script type="text/javascript">var _hmt = "脚本里的字"; document.write("<p>不是报告</p>");</script>
<link rel="stylesheet" href="/css/main.css">
</head>
<body>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻&nbsp;中心</a></li></ul></nav>
<noscript>请开启JavaScript</noscript>
<!-- 注释里的字 -->
${h1 ? `<h1>${HEADLINE}</h1>` : ''}
<div class="share" style="display:none">分享到微博</div>
${body}
<script>
  window.onload = function () { if (a < b && c > d) console.log("脚本里的字"); };
</script>
<svg width="10" height="10"><text>图标里的字</text></svg>
<footer><p>版权所有 &copy; 民声法治网 &lt;冀ICP备&gt; &#x4E2D;&#22269;</p></footer>
</body></html>`;
}

test('a web page built from seed 001 gives its paragraphs, with no script, style or hidden content', () => {
  const text = htmlToText(page());
  const lines = text.split('\n');
  for (const p of PARAGRAPHS) assert.ok(lines.includes(p), `missing paragraph: ${p.slice(0, 30)}`);
  for (const junk of ['脚本里的字', '样式里的字', 'document.write', '不是报告', '注释里的字', '图标里的字', '请开启JavaScript', '分享到微博', 'font-family']) {
    assert.ok(!text.includes(junk), `leaked: ${junk}`);
  }
  // Entities decoded, &nbsp; is a space, <nav> items are lines of their own.
  assert.ok(lines.includes('版权所有 © 民声法治网 <冀ICP备> 中国'));
  assert.ok(lines.includes('新闻 中心'));
  // The <h1> is the headline; the <title> is not added on top of it.
  assert.equal(lines.filter((l) => l.includes(HEADLINE)).length, 1);
  assert.ok(lines.indexOf(HEADLINE) < lines.indexOf(PARAGRAPHS.find((p) => p.startsWith('来源'))!));
});

test('without an <h1>, the <title> is the first line', () => {
  const lines = htmlToText(page('utf-8', false)).split('\n');
  assert.equal(lines[0], `${HEADLINE}_民声法治网`);
  assert.equal(htmlToText('<title>只有标题</title>'), '只有标题');
  assert.equal(htmlToText('<title>标题</title><p>标题</p><p>正文</p>'), '标题\n正文', 'not repeated when the body starts with it');
});

test('block elements make lines, inline elements and source line breaks do not', () => {
  assert.equal(htmlToText('<p>一&amp;二</p><script>x()</script><div>三<br>四</div>'), '一&二\n三\n四');
  assert.equal(htmlToText('<p>要求<b>全员</b><a href="#">核酸</a>检测</p>'), '要求全员核酸检测');
  assert.equal(htmlToText('<p>全面开展核酸\n    检测, and\n   more</p>'), '全面开展核酸检测, and more');
  assert.equal(htmlToText('<ul><li>一是排查<li>二是消杀</ul><h2>小标题</h2>正文'), '一是排查\n二是消杀\n小标题\n正文');
  assert.equal(htmlToText('<table><tr><td>乡镇</td><td>卡点</td></tr><tr><th>城关镇</th><td>3</td></tr></table>'), '乡镇 卡点\n城关镇 3');
  assert.equal(htmlToText('<p>　　首行缩进&nbsp;&nbsp;&nbsp;之后</p>'), '首行缩进 之后');
  assert.equal(htmlToText('<pre>第一行\n第二行</pre>'), '第一行\n第二行');
});

test('broken markup loses no text: unclosed and stray tags, a <body> without </head>', () => {
  assert.equal(htmlToText('<p>未闭合<p>第二段<li>项</ul></div></span><p>后</p>'), '未闭合\n第二段\n项\n后');
  assert.equal(htmlToText('<html><head><title>T</title><body><h1>标题</h1><p>正文</p>'), '标题\n正文');
  assert.equal(htmlToText('<div hidden>隐藏</div><input type="hidden" name="x"><p>可见</p>'), '可见');
  assert.equal(htmlToText('<body><svg><title>图标</title></svg><p>正文</p></body>'), '正文', 'an icon title is not the page title');
  assert.equal(htmlToText(''), '');
});

test('sniffHtmlCharset reads <meta charset> and http-equiv content-type, mapped to a decoder', () => {
  const sniff = (s: string) => sniffHtmlCharset(Buffer.from(s, 'latin1'));
  assert.equal(sniff('<meta charset="gb2312">'), 'gb18030');
  assert.equal(sniff("<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=GBK'>"), 'gb18030');
  assert.equal(sniff('<meta content="text/html; charset=big5" http-equiv="content-type">'), 'big5');
  assert.equal(sniff('<meta charset=utf-8>'), 'utf-8');
  assert.equal(sniff('<meta charset="utf-16">'), 'utf-8', 'as the HTML standard says');
  assert.equal(sniff('<?xml version="1.0" encoding="GB18030"?><html>'), 'gb18030');
  assert.equal(sniff('<meta charset="iso-8859-1">'), undefined, 'not a decoder fangkong uses');
  assert.equal(sniff('<meta charset="nonsense">'), undefined);
  assert.equal(sniff('<p>no declaration</p>'), undefined);
  assert.equal(sniff(`<!-- ${'x'.repeat(5000)} --><meta charset="gbk">`), undefined, 'only the head of the file is read');
  // The first mention of a charset is not always the declaration: the one that counts is.
  assert.equal(sniff('<script>var charset = "big5";</script><meta charset="gbk">'), 'gb18030');
  assert.equal(sniff('<title>charset > encoding</title><meta charset="big5">'), 'big5');
  assert.equal(sniff('<!-- set the charset > here --><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'), 'utf-8');
  assert.equal(sniff('<meta name="description" content="charset">'), undefined);
  assert.equal(sniff('<meta charset="big5"'), undefined, 'a tag cut off by the end of the head');
});

test('a GB2312 page and a Big5 page: charset from the page, bytes decoded, text reduced', () => {
  const gb = iconv.encode(page('gb2312'), 'gb18030');
  assert.equal(sniffHtmlCharset(gb), 'gb18030');
  const d = decodeBytes(gb, sniffHtmlCharset(gb));
  assert.ok('text' in d && d.encoding === 'gb18030');
  assert.ok(htmlToText(d.text).split('\n').includes(PARAGRAPHS.at(-2)!));

  const big5 = iconv.encode('<html><head><meta charset="big5"><title>核酸檢測</title></head><body><p>縣委召開疫情防控工作會議。</p></body></html>', 'big5');
  const b = decodeBytes(big5, sniffHtmlCharset(big5));
  assert.ok('text' in b && b.encoding === 'big5');
  assert.equal(htmlToText(b.text), '核酸檢測\n縣委召開疫情防控工作會議。');
});
