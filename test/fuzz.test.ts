// Property-based tests: whatever bytes or text arrive, the parser does not throw, evidence is a
// substring of its unit's text, offsets are in range, and output is deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { processBytes, type FileResult } from '../src/corpus.ts';
import { seedsDir } from '../src/paths.ts';
import type { Skipped } from '../src/types.ts';

const seeds = readdirSync(seedsDir).map((f) => readFileSync(`${seedsDir}/${f}`, 'utf8'));
const enc = new TextEncoder();

// Report-like text: fragments of the real seeds cut at random places, shuffled, with noise.
const fragment = fc
  .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.nat(), fc.integer({ min: 0, max: 400 }))
  .map(([i, at, len]) => seeds[i].slice(at % seeds[i].length, (at % seeds[i].length) + len));
const noise = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u001b[31m', '=HYPERLINK("x")', '\r\n', '\ufeff', '卫辉市\n', '2月12日', '卡点取消', '(lǐng)', '\u0000'),
);
const reportish = fc.array(fc.oneof(fragment, noise), { maxLength: 12 }).map((parts) => parts.join(''));

function check(result: FileResult | Skipped): void {
  if ('reason' in result) {
    assert.equal(typeof result.reason, 'string');
    assert.ok(result.reason.length > 0);
    return;
  }
  const byId = new Map(result.units.map((u) => [u.id, u]));
  for (const m of result.mentions) {
    const u = byId.get(m.unitId);
    assert.ok(u, `mention of unknown unit ${m.unitId}`);
    assert.ok(m.start >= 0 && m.end <= u.text.length && m.start < m.end, `offsets ${m.start}-${m.end} in ${u.text.length}`);
    assert.ok(m.sentenceStart >= 0 && m.sentenceStart <= m.start);
    assert.equal(u.text.slice(m.sentenceStart, m.sentenceStart + m.sentence.length), m.sentence, 'evidence is a substring at its offset');
    assert.ok(m.sentenceStart + m.sentence.length >= m.end, 'the sentence contains the match');
  }
}

test('arbitrary byte arrays never make the parser throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      check(processBytes('fuzz.bin', bytes));
    }),
    { numRuns: 300 },
  );
});

test('arbitrary strings and report-like text: valid offsets, evidence substrings, deterministic output', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 500 }), reportish), fc.constantFrom('a.txt', 'b.html'), (text, name) => {
      const bytes = enc.encode(text);
      const first = processBytes(name, bytes);
      check(first);
      assert.deepEqual(processBytes(name, bytes), first, 'same input, same output');
    }),
    { numRuns: 300 },
  );
});
