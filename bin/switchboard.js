#!/usr/bin/env node
// Launcher: the CLI is compiled to dist/ by `npm run build`, which npm runs on install (`prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'switchboard: not built yet; run `npm install` (or `npm run build`) first\n',
  );
  process.exit(1);
}
await import(entry.href);
