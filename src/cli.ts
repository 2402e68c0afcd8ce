// Command-line surface. Only commander is loaded up front: each command imports its own modules
// when it runs, so `fangkong --help` never loads the taxonomy, opencc or the gazetteer.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { runAction } from './commands/run.js';

const EXAMPLES: Record<string, string> = {
  reports: 'fangkong reports seeds/ --format csv > reports.csv',
  export: 'fangkong export seeds/ --format csv > export.csv\n  fangkong export seeds/ --level mention --format json',
  measures: 'fangkong measures --category testing',
  matrix: 'fangkong matrix --by year\n  fangkong matrix --by jurisdiction --prefecture 新乡市',
  compare: 'fangkong compare 原阳县 邱县 --evidence\n  fangkong compare 2020 2022 --diff',
  timeline: 'fangkong timeline 原阳县',
  search: 'fangkong search 核酸檢測\n  fangkong search checkpoint --status lifted',
  index: 'fangkong index corpus/ --store .fangkong\n  fangkong matrix --store .fangkong --by year',
};

function examples(name: string): string {
  return `\nExample:\n  ${EXAMPLES[name]}\n`;
}

function formatOption(): Option {
  // Listed here, not imported from render.ts, so that --help loads no renderer.
  return new Option('-f, --format <format>', 'output format').choices(['table', 'csv', 'json']).default('table');
}

/** Options shared by every command that reads a corpus. */
function corpusOptions(cmd: Command, filters = true): Command {
  cmd
    .argument('[paths...]', 'report files or folders (default: the bundled seeds)')
    .addOption(formatOption())
    .option('--store <dir>', 'read a store built by `fangkong index` instead of PATHS')
    .option('--bom', 'start CSV output with a byte-order mark (for Excel)')
    .option('--strict', 'exit 1 when any input file was skipped')
    .option('--max-size <size>', 'skip files larger than this', '20MB')
    .option('--jobs <n>', 'worker threads for reading PATHS (default: all cores)');
  if (filters) {
    cmd
      .option('--year <years>', 'only these years (comma-separated, e.g. 2020,2021)')
      .option('--province <names>', 'only these provinces (河南省 or 河南)')
      .option('--prefecture <names>', 'only these prefectures (新乡市 or 新乡)')
      .option('--jurisdiction <names>', 'only these jurisdictions (原阳县, 原陽縣 or 原阳)')
      .option('--category <ids>', 'only measures of these categories (entry, testing, …)')
      .option('--status <status>', 'only mentions in force or lifted (in_force|lifted)');
  }
  return cmd;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function buildProgram(): Command {
  const program = new Command('fangkong');
  // Set before the subcommands are made, so they inherit it: usage errors exit 2, not 1.
  program.exitOverride();
  program.configureOutput({
    writeErr: (s) => process.stderr.write(s),
    outputError: (s, write) => write(s.trimEnd().replace(/^error:/, 'fangkong:') + ' (see --help)\n'),
  });
  program
    .description('Code Chinese local COVID-19 control reports (2020–2022) into a measure taxonomy, with evidence, and compare counties and years.')
    .version(packageVersion(), '-V, --version')
    .option('--debug', 'show stack traces on errors')
    .addHelpText('after', '\nStart with:\n  fangkong matrix                 measures × groups on the bundled seeds\n  fangkong reports --format csv   one row per report unit\n');

  corpusOptions(program.command('reports').description('one row per report unit: place, dates, year'), true)
    .addHelpText('after', examples('reports'))
    .action(runAction('reports'));

  corpusOptions(program.command('export').description('measures per unit (or per mention) with status and evidence'), true)
    .addOption(new Option('--level <level>', 'one row per unit×measure×status, or per mention').choices(['unit', 'mention']).default('unit'))
    .addHelpText('after', examples('export'))
    .action(runAction('export'));

  program
    .command('measures')
    .description('the measure taxonomy by category, with OxCGRT and WHO PHSM codes')
    .addOption(formatOption())
    .option('--category <ids>', 'only these categories')
    .option('--bom', 'start CSV output with a byte-order mark (for Excel)')
    .addHelpText('after', examples('measures'))
    .action(runAction('measures'));

  corpusOptions(program.command('matrix').description('measures (rows) by group (columns): who did what'), true)
    .addOption(new Option('--by <group>', 'group columns by').choices(['jurisdiction', 'prefecture', 'province', 'year']).default('jurisdiction'))
    .option('--all', 'list every measure, also those no group has')
    .addHelpText('after', examples('matrix'))
    .action(runAction('matrix'));

  corpusOptions(
    program
      .command('compare')
      .description('two groups side by side: measures both have, only A, only B')
      .argument('<a>', 'a jurisdiction, prefecture, province, year or category')
      .argument('<b>', 'the group to compare with'),
    true,
  )
    .option('--evidence', 'show one evidence sentence per cell')
    .option('--diff', 'print a unified diff of the two measure profiles')
    .addHelpText('after', examples('compare'))
    .action(runAction('compare'));

  corpusOptions(program.command('timeline').description("one jurisdiction's units in date order with their measures").argument('<jurisdiction>', 'jurisdiction name'), true)
    .addHelpText('after', examples('timeline'))
    .action(runAction('timeline'));

  corpusOptions(
    program.command('search').description('find every mention of a measure (id, label or free text), script-insensitive').argument('<query>', 'measure id, Chinese or English label, or text'),
    true,
  )
    .addHelpText('after', examples('search'))
    .action(runAction('search'));

  program
    .command('index')
    .description('parse and extract PATHS into an on-disk store for fast queries')
    .argument('<paths...>', 'report files or folders')
    .requiredOption('--store <dir>', 'store folder (created if missing)')
    .option('--max-size <size>', 'skip files larger than this', '20MB')
    .option('--strict', 'exit 1 when any input file was skipped')
    .option('--jobs <n>', 'worker threads (default: all cores)')
    .addOption(formatOption())
    .addHelpText('after', examples('index'))
    .action(runAction('index'));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and --version exit 0; usage errors were already printed by commander.
      process.exit(err.exitCode === 0 ? 0 : 2);
    }
    throw err;
  }
}
