// Dirty corpora: legacy encodings, junk files, web pages, injection attempts, loops and limits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { decodeBytes } from '../src/decode.ts';
import { htmlToText } from '../src/html.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin', 'fangkong.js');
const seed = (n: string) => readFileSync(join(root, 'seeds', n), 'utf8');
const S001 = seed('001_25b65dffd8786ce5.txt');
const S002 = seed('002_0a549001378e0648.txt');
const S003 = seed('003_466bd0b2d4ad3475.txt');
const ESC = '\u001b';
let dir: string;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function rows(csv: string): Record<string, string>[] {
  // Every cell we check here is unquoted; a split is enough.
  const [head, ...lines] = csv.trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [cols[i], c])));
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fangkong-hostile-'));
  writeFileSync(join(dir, 'huguan-gb18030.txt'), iconv.encode(S003, 'gb18030'));
  mkdirSync(join(dir, 'big5'));
  writeFileSync(join(dir, 'big5', 'xinxiang-big5.txt'), iconv.encode(S002, 'big5'));
  writeFileSync(join(dir, 'qiu-bom-crlf.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(S001.replace(/\n/g, '\r\n'), 'utf8')]));
  writeFileSync(join(dir, 'empty.txt'), '');
  const noise = Buffer.alloc(4096);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) % 251;
  writeFileSync(join(dir, 'random.bin'), noise);
  const paras = S001.split('\n').filter((l) => l.trim()).map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`);
  writeFileSync(
    join(dir, 'page.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>邱县召开疫情防控工作调度会议</title><style>p{color:red}</style>` +
      `<script>var 卡点 = "不是报告"; document.write('核酸检测')</script></head><body><nav>首页 | 新闻 | 政务</nav>` +
      `<h1>河北邯郸:邱县召开疫情防控工作调度会议</h1>${paras.join('\n')}<footer>版权所有 &copy; 民声法治网</footer></body></html>`,
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('a folder of mixed encodings and junk: the reports are found, the junk is named, exit 0', () => {
  const r = run(['reports', dir, '--format', 'csv']);
  assert.equal(r.code, 0, r.err);
  const units = rows(r.out);
  const by = (f: string) => units.filter((u) => u.file.includes(f));
  assert.deepEqual(by('huguan').map((u) => u.jurisdiction), ['壶关县']);
  assert.equal(by('xinxiang-big5').length, 15);
  assert.ok(by('xinxiang-big5').every((u) => u.prefecture === '新乡市' && u.script === 'traditional'));
  assert.deepEqual(by('qiu-bom').map((u) => [u.jurisdiction, u.event_date]), [['邱县', '2021-01-08']]);
  assert.deepEqual(by('page.html').map((u) => u.jurisdiction), ['邱县']);
  assert.match(r.err, /empty\.txt: empty file/);
  assert.match(r.err, /random\.bin: binary file/);
  assert.equal(r.err.trim().split('\n').length, 2, r.err);
  assert.equal(run(['reports', dir, '--strict', '--format', 'csv']).code, 1);
});

test('the HTML page is reduced to its text by the parser: no script or style content', () => {
  const r = run(['export', join(dir, 'page.html'), '--level', 'mention', '--format', 'json']);
  const mentions = JSON.parse(r.out) as { evidence: string }[];
  assert.ok(mentions.length > 10);
  assert.ok(mentions.every((m) => !m.evidence.includes('document.write') && !m.evidence.includes('不是报告')));
  const text = htmlToText('<p>一&amp;二</p><script>x()</script><div>三<br>四</div>');
  assert.equal(text, '一&二\n三\n四');
});

test('decoding: GB18030 and Big5 are not confused, in either direction, even for one line', () => {
  for (const [s, enc] of [
    ['核酸检测', 'gb18030'],
    ['县委召开疫情防控工作会议,要求严格落实卡点值守。', 'gb18030'],
    ['核酸檢測', 'big5'],
    ['縣委召開疫情防控工作會議,要求嚴格落實卡點值守。', 'big5'],
  ] as const) {
    const d = decodeBytes(iconv.encode(s, enc));
    assert.ok('text' in d, `${s}: ${JSON.stringify(d)}`);
    assert.equal(d.text, s);
    assert.equal(d.encoding, enc);
  }
  const big5 = decodeBytes(iconv.encode(S002, 'big5'));
  assert.ok('text' in big5 && big5.encoding === 'big5' && big5.text.includes('衛輝市'));
  const gb = decodeBytes(iconv.encode(S003, 'gb18030'));
  assert.ok('text' in gb && gb.encoding === 'gb18030' && gb.text === S003);
  const bom = decodeBytes(Buffer.from('\ufeff第一行\r\n第二行\r\n', 'utf8'));
  assert.deepEqual(bom, { text: '第一行\n第二行\n', encoding: 'utf-8-bom' });
  assert.deepEqual(decodeBytes(new Uint8Array()), { error: 'empty file' });
  const stray = Buffer.concat([Buffer.from('县委召开疫情防控工作会议,', 'utf8'), Buffer.from([0xff]), Buffer.from('要求严格落实卡点值守。', 'utf8')]);
  const lenient = decodeBytes(stray);
  assert.ok('text' in lenient && lenient.text.includes('卡点值守'), JSON.stringify(lenient));
});

test('report text cannot inject formulas into CSV or escapes into the terminal', () => {
  const evil = join(dir, 'evil');
  mkdirSync(evil, { recursive: true });
  writeFileSync(
    join(evil, 'evil.txt'),
    `=HYPERLINK("http://evil.example","点击")县召开疫情防控会议\n来源:原阳县人民政府\n2月21日,会议要求\u001b[31m严格落实卡点值守\u001b[0m。\n=HYPERLINK("http://evil.example")要求全面开展核酸检测。\n`,
  );
  for (const args of [['export', evil, '--format', 'csv'], ['export', evil, '--level', 'mention', '--format', 'csv'], ['reports', evil, '--format', 'csv']]) {
    const r = run(args);
    assert.equal(r.code, 0, r.err);
    assert.ok(!r.out.includes(ESC), 'no escape in CSV');
    for (const line of r.out.split('\r\n')) {
      for (const cell of line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) assert.ok(!/^"?[=+\-@]/.test(cell), `unguarded cell ${cell}`);
    }
  }
  for (const args of [['export', evil], ['search', '卡点', evil], ['matrix', evil], ['reports', evil]]) {
    const r = run(args);
    assert.equal(r.code, 0, r.err);
    assert.ok(!r.out.includes(ESC) && !r.err.includes(ESC), `${args[0]}: no escape sequence reaches the terminal`);
  }
});

test('symlink loops do not hang the walk; oversized files are skipped with a reason', () => {
  const loop = join(dir, 'loop');
  mkdirSync(loop, { recursive: true });
  writeFileSync(join(loop, 'qiu.txt'), S001);
  symlinkSync(loop, join(loop, 'again'));
  const r = run(['reports', loop, '--format', 'csv']);
  assert.equal(r.code, 0, r.err);
  assert.equal(rows(r.out).length, 1);
  const big = run(['reports', loop, '--max-size', '1k', '--format', 'csv']);
  assert.equal(big.code, 0);
  assert.match(big.err, /qiu\.txt: too large/);
  assert.equal(run(['reports', loop, '--max-size', 'lots']).code, 2);
});

test('a missing path or unknown option: exit 2, one line, no stack trace', () => {
  for (const args of [['reports', join(dir, 'nope')], ['export', '--nope']]) {
    const r = run(args);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.ok(!/\bat .*\.js:\d+/.test(r.err));
  }
});
