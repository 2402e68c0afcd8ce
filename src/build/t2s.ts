// Build step: opencc-js's Traditional→Simplified configurations (tw2s and hk2s, the two fangkong
// chains) as plain data, for src/t2s.ts to run on flat tables. The dictionaries are opencc's;
// only the engine is ours. Each dictionary group is merged the way opencc-js loads it (earlier
// dictionaries of a group win; within one, the later line).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedDir } from '../paths.js';
import { packT2s, t2sTables } from '../t2s.js';

type Group = string[];
interface Config {
  normalizationChain?: Group[];
  segmentation?: Group;
  conversionChain: Group[];
}

const { configs } = (await import('opencc-js/preset/t2cn')) as unknown as { configs: Record<string, Config> };
// The package exports no package.json; it sits two folders above the entry point (dist/esm/).
const pkg = join(dirname(fileURLToPath(import.meta.resolve('opencc-js'))), '..', '..', 'package.json');
const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };

function merge(group: Group): [string, string][] {
  const map = new Map<string, string>();
  for (const dict of [...group].reverse()) {
    for (const line of dict.split('|')) {
      const [key, value] = line.split(' ');
      if (typeof value !== 'string') throw new Error(`opencc dictionary line without a value: ${JSON.stringify(line)}`);
      map.set(key, value);
    }
  }
  return [...map];
}

const out = {
  source: `opencc-js ${version}, preset t2cn`,
  configs: ['tw2s', 'hk2s'].map((name) => {
    const c = configs[name];
    if (!c) throw new Error(`opencc-js has no ${name} configuration`);
    return {
      name,
      normalize: (c.normalizationChain ?? []).map(merge),
      segmentation: c.segmentation ? merge(c.segmentation).map(([k]) => k) : null,
      chain: c.conversionChain.map(merge),
    };
  }),
};
mkdirSync(generatedDir, { recursive: true });
// t2s.bin goes first: a build that stops before writing the new one leaves none (script.ts then
// builds the tables from the new t2s.json), never one packed from older opencc data.
rmSync(join(generatedDir, 't2s.bin'), { force: true });
writeFileSync(join(generatedDir, 't2s.json'), JSON.stringify(out));
// The converter's tables themselves, for workers to read instead of build (src/t2s.ts).
const packed = packT2s(t2sTables(out));
if (packed) writeFileSync(join(generatedDir, 't2s.bin'), packed);
process.stdout.write(`t2s: ${out.configs.map((c) => `${c.name} ${c.chain.map((g) => g.length).join('+')} entries`).join(', ')}\n`);
