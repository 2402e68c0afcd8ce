// The flat trie (src/trie.ts) against the obvious answer: the longest listed word at a position,
// and every position where some word starts, on random words and texts over a small alphabet
// (so words share prefixes and the pair filter's hashing collides).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildTrie, childRows, longestAt, matchEnd, nextCandidate, step } from '../src/trie.ts';

const alphabet = fc.constantFrom('卡', '点', '核', '酸', '检', '测', 'a', '。', '𠮷'.charAt(0), '𠮷'.charAt(1));
const word = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((a) => a.join(''));
const text = fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(''));

test('longestAt finds the longest word at each position; nextCandidate skips only positions no word starts at', () => {
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), text, (words, s) => {
      const t = buildTrie(words);
      for (let i = 0; i < s.length; i++) {
        let want = -1;
        let wantEnd = 0;
        words.forEach((w, k) => {
          if (s.startsWith(w, i) && (w.length > wantEnd - i || want < 0)) (want = words.indexOf(w)), (wantEnd = i + w.length);
        });
        const got = longestAt(t, s, i);
        assert.equal(got, want, `at ${i} in ${JSON.stringify(s)}`);
        if (got >= 0) assert.equal(matchEnd, wantEnd);
        // No word is cut off by a limit it does not reach.
        if (got >= 0) assert.equal(longestAt(t, s, i, wantEnd), want);
      }
      let i = 0;
      for (let at = nextCandidate(t, s, 0); at < s.length; at = nextCandidate(t, s, at + 1)) {
        for (; i < at; i++) assert.ok(!words.some((w) => s.startsWith(w, i)), `skipped a word at ${i}`);
        i = at + 1;
      }
      for (; i < s.length; i++) assert.ok(!words.some((w) => s.startsWith(w, i)), `skipped a word at ${i}`);
    }),
    { numRuns: 400 },
  );
});

test('a word listed twice keeps its first index; empty words are refused', () => {
  const t = buildTrie(['卡点', '核酸', '卡点']);
  assert.equal(longestAt(t, '设卡点', 1), 0);
  assert.throws(() => buildTrie(['']), /empty word/);
});

test('childRows lists exactly the edges step follows', () => {
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 30 }), (words) => {
      const t = buildTrie(words);
      const rows = childRows(t);
      const all = words.join('');
      const units = [...new Set(Array.from({ length: all.length }, (_, i) => all.charCodeAt(i)))];
      for (let n = 0; n < t.nodes; n++) {
        const listed = new Map<number, number>();
        for (let k = rows.start[n]; k < rows.start[n + 1]; k++) listed.set(rows.unit[k], rows.node[k]);
        for (const u of units) assert.equal(listed.get(u) ?? 0, step(t, n, u), `node ${n}, unit ${u}`);
        assert.ok([...listed.keys()].every((u) => units.includes(u)));
      }
    }),
    { numRuns: 300 },
  );
});
