// Decoding real report text from every encoding a scraped corpus arrives in. The GB18030 and Big5
// fixtures are made here from the seeds with iconv-lite (a devDependency: Node cannot encode
// legacy Chinese encodings itself), so they always match the seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeBytes } from '../src/decode.ts';
import { seedsDir } from '../src/paths.ts';

const seed = (prefix: string) => readFileSync(`${seedsDir}/${readdirSync(seedsDir).find((f) => f.startsWith(prefix))}`, 'utf8');
const S001 = seed('001');
const S002 = seed('002'); // Traditional script
const S003 = seed('003');
const SIMPLIFIED = ['000', '001', '003', '004'].map(seed);

function decoded(bytes: Uint8Array, hint?: string): { text: string; encoding: string } {
  const d = decodeBytes(bytes, hint);
  assert.ok('text' in d, `expected text, got ${JSON.stringify(d)}`);
  return d;
}

/** Seeded bytes, so a failure can be reproduced. */
function randomBytes(n: number, seedValue: number, map = (b: number) => b): Uint8Array {
  let s = seedValue;
  return Uint8Array.from({ length: n }, () => map(((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));
}

test('plain UTF-8 seeds decode to themselves', () => {
  for (const s of [...SIMPLIFIED, S002]) assert.deepEqual(decodeBytes(Buffer.from(s)), { text: s, encoding: 'utf-8' });
});

test('UTF-8 with a BOM and CRLF (or bare CR) line ends gives the same text as the plain seed', () => {
  const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(S001.replace(/\n/g, '\r\n'))]);
  assert.deepEqual(decodeBytes(crlf), { text: S001, encoding: 'utf-8-bom' });
  assert.deepEqual(decodeBytes(Buffer.from(S003.replace(/\n/g, '\r'))), { text: S003, encoding: 'utf-8' });
});

test('UTF-16 with a BOM, either byte order; UTF-16LE without one when it reads as Chinese', () => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(S003, 'utf16le')]);
  assert.deepEqual(decodeBytes(le), { text: S003, encoding: 'utf-16le' });
  const be = Buffer.from(S003, 'utf16le').swap16();
  assert.deepEqual(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { text: S003, encoding: 'utf-16be' });
  assert.deepEqual(decodeBytes(Buffer.from(S002, 'utf16le')), { text: S002, encoding: 'utf-16le' });
});

test('a GB18030 copy of seed 003 decodes to the seed, and so do the other Simplified seeds', () => {
  assert.deepEqual(decodeBytes(iconv.encode(S003, 'gb18030')), { text: S003, encoding: 'gb18030' });
  for (const s of SIMPLIFIED) assert.deepEqual(decodeBytes(iconv.encode(s, 'gb18030')), { text: s, encoding: 'gb18030' });
  // GBK also encodes Traditional characters; such a file is still GB18030, not Big5.
  assert.deepEqual(decodeBytes(iconv.encode(S002, 'gbk')), { text: S002, encoding: 'gb18030' });
});

test('a Big5 copy of seed 002 decodes to the seed', () => {
  const bytes = iconv.encode(S002, 'big5');
  // Every character of seed 002 is in Big5: the copy is exact, so the decoding must be too.
  assert.equal(iconv.decode(bytes, 'big5'), S002);
  assert.deepEqual(decodeBytes(bytes), { text: S002, encoding: 'big5' });
});

test('characters Big5 cannot encode (iconv writes "?") do not tip a Big5 file over to GB18030', () => {
  // 这 and 们 have no Big5 code; iconv-lite substitutes "?", a real scraper would do the same.
  const text = `${S002.slice(0, 400)}这们${S002.slice(400, 800)}`;
  const bytes = iconv.encode(text, 'big5');
  assert.equal(iconv.decode(bytes, 'big5'), `${S002.slice(0, 400)}??${S002.slice(400, 800)}`);
  assert.deepEqual(decodeBytes(bytes), { text: `${S002.slice(0, 400)}??${S002.slice(400, 800)}`, encoding: 'big5' });
});

test('GB18030 and Big5 are not confused in either direction, down to one short line', () => {
  for (const [s, enc] of [
    ['核酸检测', 'gb18030'],
    ['核酸檢測', 'big5'],
    ['县委召开疫情防控工作会议', 'gb18030'],
    ['縣委召開疫情防控工作會議', 'big5'],
    ['全员核酸检测', 'gb18030'],
    ['設置卡點', 'big5'],
    ['目前', 'gb18030'], // also valid UTF-8 (ĿǰӦ…): the GB reading must still win
    ['医院', 'gb18030'],
  ] as const) {
    assert.deepEqual(decodeBytes(iconv.encode(s, enc)), { text: s, encoding: enc }, s);
  }
  // Every line of every seed, in the encoding its script is written in.
  for (const [texts, enc] of [[SIMPLIFIED, 'gb18030'], [[S002], 'big5']] as const) {
    for (const line of texts.flatMap((t) => t.split('\n')).filter((l) => /\p{Script=Han}/u.test(l))) {
      assert.deepEqual(decodeBytes(iconv.encode(line, enc)), { text: line, encoding: enc }, line);
    }
  }
});

test('a declared charset decides a close call, but cannot force a wrong decoding', () => {
  // 檢測 in Big5 is 浪代 in GB18030: two common characters either way, so the declaration decides.
  const bytes = iconv.encode('檢測', 'big5');
  assert.deepEqual(decodeBytes(bytes, 'big5'), { text: '檢測', encoding: 'big5' });
  assert.deepEqual(decodeBytes(bytes, 'Big5-HKSCS'), { text: '檢測', encoding: 'big5' });
  // A page saved as UTF-8 that still says gb2312; and a GB page that claims Big5.
  assert.deepEqual(decodeBytes(Buffer.from(S003), 'gb2312'), { text: S003, encoding: 'utf-8' });
  assert.deepEqual(decodeBytes(iconv.encode(S003, 'gb18030'), 'big5'), { text: S003, encoding: 'gb18030' });
  assert.deepEqual(decodeBytes(Buffer.from(S003), 'no-such-charset'), { text: S003, encoding: 'utf-8' });
});

test('UTF-8 with one stray invalid byte, or a cut-off last character, is read leniently as UTF-8', () => {
  const utf8 = Buffer.from(S003);
  const at = Buffer.from(S003.slice(0, 500)).length;
  const stray = Buffer.concat([utf8.subarray(0, at), Buffer.from([0xff]), utf8.subarray(at)]);
  assert.deepEqual(decodeBytes(stray), { text: `${S003.slice(0, 500)}\ufffd${S003.slice(500)}`, encoding: 'utf-8' });
  const cut = Buffer.from(`${S003}县`).subarray(0, utf8.length + 2);
  assert.deepEqual(decodeBytes(cut), { text: `${S003}\ufffd`, encoding: 'utf-8' });
  // A bad byte far past the part the encoding is judged on.
  const late = Buffer.concat([Buffer.from(S001.repeat(20)), Buffer.from([0xc0]), utf8]);
  assert.equal(decoded(late).encoding, 'utf-8');
});

test('empty and whitespace-only files are errors', () => {
  assert.deepEqual(decodeBytes(new Uint8Array()), { error: 'empty file' });
  for (const s of [' ', '\r\n\r\n', '\ufeff', '\t \u3000\n']) {
    const d = decodeBytes(Buffer.from(s));
    assert.ok('error' in d && /^empty file/.test(d.error), `${JSON.stringify(s)}: ${JSON.stringify(d)}`);
  }
  assert.ok('error' in decodeBytes(iconv.encode(' \u3000 \r\n', 'gb18030')));
});

test('binary data is an error with a short reason', () => {
  const err = (b: Uint8Array) => {
    const d = decodeBytes(b);
    assert.ok('error' in d, `expected an error, got ${JSON.stringify(d).slice(0, 80)}`);
    return d.error;
  };
  assert.equal(err(randomBytes(4096, 1)), 'binary file (contains NUL bytes)');
  // No NUL and no control bytes: only the decodings' gibberish gives it away.
  for (const n of [16, 300, 20000]) {
    assert.match(err(randomBytes(n, n, (b) => b | 0x80)), /^binary file or unknown encoding/);
    assert.match(err(randomBytes(n, n + 1, (b) => 0x21 + (b % 0x5e) + (b & 1 ? 0x80 : 0))), /^binary file or unknown encoding/);
  }
  assert.equal(err(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')), 'binary file (PDF)');
  assert.equal(err(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])), 'binary file (ZIP archive or Office document)');
  assert.equal(err(Buffer.from('\x01\x02\x03\x04\x05 abc \x06\x07', 'latin1')), 'binary file (control characters)');
  // Other legacy encodings are not guessed at.
  assert.match(err(iconv.encode('日本語のテキストです。東京で書かれました。', 'shift_jis')), /unknown encoding/);
});

test('terminal escapes and a DOS end-of-file mark are text, not binary', () => {
  assert.equal(decoded(Buffer.from('\u001b[31m核酸检测\u001b[0m\n\u001a')).encoding, 'utf-8');
});

test('decoding is linear: a 20 MB GB18030 file is judged from a sample and decoded once', () => {
  const big = iconv.encode(SIMPLIFIED.join('\n').repeat(Math.ceil(20e6 / 30000)), 'gb18030');
  const t0 = performance.now();
  const d = decoded(big);
  const ms = performance.now() - t0;
  assert.equal(d.encoding, 'gb18030');
  assert.ok(d.text.startsWith(SIMPLIFIED[0]));
  assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
});

test('control bytes are counted exactly, wherever they fall in a word and however the bytes are aligned', () => {
  // Around the threshold (4 or more, and more than 1 in 100 of the first 64K): one byte decides.
  const isControl = (b: number) => (b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1a && b !== 0x1b) || b === 0x7f;
  const line = Buffer.from('核酸检测 test ', 'utf8');
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1000 }),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x01, 0x08, 0x09, 0x0a, 0x0d, 0x0e, 0x1a, 0x1b, 0x1f, 0x20, 0x41, 0x7e, 0x7f)), { maxLength: 20 }),
      fc.nat(3),
      (length, edits, offset) => {
        const buf = Buffer.alloc(offset + length);
        for (let i = 0; i < length; i++) buf[offset + i] = line[i % line.length];
        for (const [at, b] of edits) buf[offset + (at % length)] = b;
        const bytes = buf.subarray(offset);
        let ctrl = 0;
        for (const b of bytes) if (isControl(b)) ctrl++;
        const d = decodeBytes(bytes);
        const binary = 'error' in d && d.error === 'binary file (control characters)';
        assert.equal(binary, ctrl >= 4 && ctrl * 100 > bytes.length, `${ctrl} control bytes in ${bytes.length}`);
      },
    ),
    { numRuns: 3000 },
  );
});
