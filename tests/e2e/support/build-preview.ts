import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { repoRoot } from '../../helpers/repo-root.js';

/**
 * Builds the preview page (tests/renderer/preview/: the real App over fixture data, and the
 * component gallery) into a fresh temporary folder and returns it. Fixture data lives in tests/
 * only: the product's build (dist/renderer) never contains it.
 */
export async function buildPreview(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'switchboard-preview-'));
  await build({
    configFile: false,
    root: join(repoRoot(import.meta.url), 'tests', 'renderer', 'preview'),
    base: './',
    plugins: [react()],
    logLevel: 'warn',
    // The product's limit (vite.config.ts says why): the preview is the App plus its fixtures.
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 800 },
  });
  return outDir;
}
