// Build step: the characters that change under Traditional→Simplified and under
// Simplified→Traditional conversion, so that script detection at run time is a set lookup and
// does not load opencc for the (common) Simplified documents.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedDir } from '../paths.js';
import { fromSimplified, toSimplified } from '../script.js';

const chars: string[] = [];
for (let cp = 0x3400; cp <= 0x9fff; cp++) chars.push(String.fromCodePoint(cp));
// Convert in one go, one character per line, so no phrase rule joins neighbours.
const joined = chars.join('\n');
const t2s = toSimplified(joined).split('\n');
const s2t = fromSimplified(joined).split('\n');
let traditional = '';
let simplified = '';
chars.forEach((c, i) => {
  if (t2s[i] !== c) traditional += c;
  if (s2t[i] !== c) simplified += c;
});
mkdirSync(generatedDir, { recursive: true });
writeFileSync(join(generatedDir, 'script-chars.json'), JSON.stringify({ traditional, simplified }));
process.stdout.write(`script chars: ${[...traditional].length} Traditional-only, ${[...simplified].length} Simplified-only\n`);
