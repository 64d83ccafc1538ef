import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import renderer from './vite.config.js';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The app's core is not bundled into main: main imports the facade compiled by `npm run build`
 * (dist/src/app/index.js), as the CLI and the browser host run it. Bundled, the files the core
 * finds beside its modules (its migrations, the cache writer's worker script) would be looked
 * for beside out/main/index.js, where they are not.
 */
const coreFromDist: Plugin = {
  name: 'switchboard-core-from-dist',
  enforce: 'pre',
  resolveId(source) {
    if (/(^|\/)src\/app\/index\.js$/.test(source))
      return { id: '../../dist/src/app/index.js', external: true };
    return null;
  },
};

/*
 * The desktop app's build (`npm run build:app`) into out/: the main process and the facade's
 * process (the core from dist/, see coreFromDist, and the dependencies from node_modules), the preload as CommonJS (a
 * sandboxed window loads no ES module as preload), and the renderer as vite.config.ts builds it
 * for the browser host, the same page.
 */
export default defineConfig({
  main: {
    plugins: [coreFromDist],
    build: {
      outDir: at('./out/main'),
      rollupOptions: {
        // Main, and the facade's process it starts (electron/facade/: a utility process).
        input: { index: at('./electron/main/index.ts'), facade: at('./electron/facade/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: at('./out/preload'),
      rollupOptions: {
        input: { index: at('./electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...renderer,
    build: {
      ...renderer.build,
      outDir: at('./out/renderer'),
      rolldownOptions: { ...renderer.build?.rolldownOptions, input: at('./renderer/index.html') },
    },
  },
});
