import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardFormula, oneLine, stripControls } from '../src/sanitize.ts';

test('stripControls removes ANSI escapes, OSC links, C0/C1 controls and bidi overrides', () => {
  const text = '要求\u001b[31m严格\u001b[0m落实\u001b]8;;http://evil\u0007链接\u001b]8;;\u0007卡点\u0007\u0008值守\u009b2J\u202e反向';
  assert.equal(stripControls(text), '要求严格落实链接卡点值守反向');
  assert.equal(stripControls('第一段\n\t第二段'), '第一段\n\t第二段');
  assert.equal(oneLine('第一段\n\t第二段'), '第一段 第二段');
});

test('guardFormula prefixes cells a spreadsheet would evaluate', () => {
  for (const s of ['=1+1', '+86 123', '-x', '@cmd', '\tx', '\rx']) assert.equal(guardFormula(s), `'${s}`);
  for (const s of ['核酸检测', '2020-02-21', 'a=b']) assert.equal(guardFormula(s), s);
});
