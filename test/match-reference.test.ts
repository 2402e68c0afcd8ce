// The tuned matcher (src/match.ts) against the plain one it replaced (test/fixtures/match-reference.ts):
// the same mentions, byte for byte, on the seed reports, on the report-style sentences of the
// fixtures, on report text spliced with the taxonomy's own cues and lift words, and on random
// small taxonomies over a small alphabet (so cues share prefixes, gap cues tie and negatives overlap).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadTaxonomy, type Measure, type StatusRules } from '../src/taxonomy.ts';
import { compileMatcher, matchWith } from '../src/match.ts';
import * as reference from './fixtures/match-reference.ts';
import { seedsDir } from '../src/paths.ts';
import { toSimplified } from '../src/script.ts';

const tax = loadTaxonomy();
const oracle = reference.compileMatcher(tax.measures, tax.status);
const same = (text: string) => assert.deepEqual(matchWith(tax.matcher, 'u', text), reference.matchWith(oracle, 'u', text), JSON.stringify(text));

const seeds = readdirSync(seedsDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => toSimplified(readFileSync(join(seedsDir, f), 'utf8')));
const sentences = readFileSync(new URL('fixtures/measure-sentences.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => toSimplified(l.split('\t')[0]));

test('the seed reports and the report-style sentences match as before', () => {
  for (const s of seeds) same(s);
  for (const s of sentences) same(s);
  same(sentences.join('\n'));
});

// Report text cut at random places and spliced with the words the status rules look for.
const st = tax.status;
const vocabulary = [...tax.measures.flatMap((m) => [...m.cues, ...m.context.flatMap((r) => [...r.cues, ...r.near, ...r.unless]), ...m.negatives, ...m.liftCues]), ...st.liftWords, ...st.resumeWords, ...st.between, ...st.blockers, ...st.negations, ...st.conditions]
  .map((w) => w.replace(/…/g, '的'));
const corpus = [...seeds, ...sentences].join('');
const piece = fc.oneof(
  fc.tuple(fc.nat(corpus.length), fc.nat(40)).map(([at, n]) => corpus.slice(at, at + n)),
  fc.constantFrom(...vocabulary),
  fc.constantFrom('，', '。', '、', '；', '\n', ' ', '和', '3月1日起', '前', '后', '如', '待'),
);

test('report text spliced with cues, lift words and punctuation matches as before (property)', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (xs) => same(xs.join(''))),
    { numRuns: 1500 },
  );
});

// Random taxonomies over a few characters: every tie and overlap the scan has to break.
const alphabet = fc.constantFrom('卡', '点', '核', '取', '消', '恢', '复', '，', '、');
const word = fc.array(fc.constantFrom('卡', '点', '核', '取', '消'), { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
const cue = fc.oneof(word, fc.tuple(word, word).map(([a, b]) => `${a}…${b}`));
const rule = fc.record({ cues: fc.array(cue, { minLength: 1, maxLength: 2 }), near: fc.array(word, { maxLength: 2 }), unless: fc.array(word, { maxLength: 2 }), window: fc.integer({ min: 1, max: 8 }) });
const measure = fc.record({ cues: fc.array(cue, { maxLength: 4 }), context: fc.array(rule, { maxLength: 2 }), negatives: fc.array(cue, { maxLength: 2 }), liftCues: fc.array(cue, { maxLength: 1 }) });
const status: StatusRules = { ...tax.status, liftWords: ['取消', '消'], resumeWords: ['恢复'], modes: { m0: 'general', m1: 'resume', m2: 'general' } };

test('random small taxonomies match as before (property)', () => {
  fc.assert(
    fc.property(fc.array(measure, { minLength: 1, maxLength: 4 }), fc.array(alphabet, { maxLength: 60 }), (ms, chars) => {
      const measures = ms.map((m, i) => ({ ...m, id: `m${i}`, category: 'c' }) as unknown as Measure);
      const text = chars.join('');
      assert.deepEqual(matchWith(compileMatcher(measures, status), 'u', text), reference.matchWith(reference.compileMatcher(measures, status), 'u', text));
    }),
    { numRuns: 1500 },
  );
});
