// utf8Text must give exactly the string TextDecoder gives for valid UTF-8 (it replaces it on the
// hot path of every file read), and refuse invalid bytes instead of guessing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { utf8Bytes, utf8Text } from '../src/utf8.ts';
import { seedsDir } from '../src/paths.ts';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

test('the seeds decode as TextDecoder decodes them', () => {
  for (const f of readdirSync(seedsDir)) {
    const bytes = readFileSync(`${seedsDir}/${f}`);
    assert.equal(utf8Text(bytes), strict.decode(bytes), f);
  }
});

test('any valid UTF-8 (astral characters, BOM, controls) decodes as TextDecoder decodes it', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom('疫', '情', '\ufeff', '\u0000', '\r', 'é', '𠀀', '😷'), fc.string({ unit: 'binary', maxLength: 4 }))).map((parts) => parts.join('')), (s) => {
      const bytes = new TextEncoder().encode(s);
      assert.equal(utf8Text(bytes), strict.decode(bytes));
      // A view into a larger buffer reads only its own bytes.
      const padded = new Uint8Array(bytes.length + 6);
      padded.set(bytes, 3);
      assert.equal(utf8Text(padded.subarray(3, 3 + bytes.length)), s);
    }),
  );
});

test('invalid UTF-8 is refused', () => {
  for (const bad of [[0xc3], [0xff], [0xed, 0xa0, 0x80], [0xe4, 0xb8], [0xc0, 0xaf], [0x41, 0x80, 0x42]]) {
    assert.equal(utf8Text(Uint8Array.from(bad)), undefined, JSON.stringify(bad));
  }
  // GBK bytes for 疫情 are not UTF-8.
  assert.equal(utf8Text(Uint8Array.from([0xd2, 0xdf, 0xc7, 0xe9])), undefined);
});

test('utf8Bytes writes what Buffer.from writes, lone surrogates (as U+FFFD) included', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom('疫', '\ud800', '\udc00', '😷', '\u0000', 'a,"b"'), fc.string({ unit: 'binary', maxLength: 4 }))).map((parts) => parts.join('')), (s) => {
      assert.deepEqual(Buffer.from(utf8Bytes(s)), Buffer.from(s, 'utf8'));
    }),
  );
});
