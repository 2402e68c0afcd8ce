#!/usr/bin/env node
// Thin launcher: all logic lives in src/ (compiled to dist/ by `npm install`).
import('../dist/cli.js').then((m) => m.main(process.argv)).catch((err) => {
  process.stderr.write(`fangkong: cannot start (${err && err.message ? err.message : err}); run \`npm install\` first\n`);
  process.exit(2);
});
