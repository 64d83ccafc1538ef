import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../../helpers/repo-root.js';

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(path)
      : { file: path, mtimeMs: statSync(path).mtimeMs };
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

/**
 * bin/switchboard.js runs the compiled dist/, not src/. A test of the executable against a build
 * older than the sources would test old code, so it fails loudly instead (`npm test` builds first;
 * otherwise run `npm run build`).
 */
export function assertBuildIsCurrent(): void {
  const root = repoRoot();
  const entry = join(root, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(entry))
    throw new Error('dist/ is missing: run `npm run build` before these tests');
  const built = statSync(entry).mtimeMs;
  const source = newestSource(join(root, 'src'));
  if (source.mtimeMs > built + 1000) {
    throw new Error(
      `dist/ is older than ${relative(root, source.file)}: run \`npm run build\` before these tests ` +
        '(they spawn bin/switchboard.js, which runs dist/)',
    );
  }
}
