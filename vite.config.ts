import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Rolldown } from 'vite';

/** The screens lazy-screens.ts preloads once the first rows are painted. */
const PRELOADED_SCREENS =
  /\/renderer\/screens\/(conversation|onboarding|palette|search|settings|shortcuts)\//;

/**
 * V8 compiles every function of a preloaded screen's chunk as the chunk loads (in the idle time
 * after the first rows), not each function at its first call: the first open of a conversation
 * spent 16 ms of its ~50 compiling on the keystroke, 6 ms with this (the main chunk's functions
 * it calls first). The composer's chunk (450 kB, loaded when it first opens) is left to compile
 * lazily. Chromium 136+ (Electron 36+) reads the comment; an older one ignores it.
 * https://v8.dev/blog/explicit-compile-hints
 */
function compileHint(chunk: Rolldown.RenderedChunk): string {
  return chunk.isDynamicEntry && PRELOADED_SCREENS.test(chunk.facadeModuleId ?? '')
    ? '//# allFunctionsCalledOnLoad'
    : '';
}

/*
 * Builds the renderer (renderer/index.html) into dist/renderer/, beside the compiled core. The
 * same files are served by the browser host and loaded by Electron from disk, so every URL in
 * them is relative (base './'): the page works under any path and from file://.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: true,
    reportCompressedSize: false,
    // The page is loaded from disk (Electron) or over loopback (the host), never over a slow
    // network: the main chunk (React, the sanitizer, the palette, the screens) at ~600 kB opens
    // in milliseconds; the composer's editor (Tiptap, Yjs) is its own chunk, loaded when first
    // opened. The web's 500 kB rule of thumb would only make the build warn.
    chunkSizeWarningLimit: 800,
    // One stylesheet, loaded with the page: a screen whose code comes later (lazy-screens.ts,
    // the composer) finds its rules there, in the order the main code imports them, instead
    // of a late stylesheet that reorders the cascade and shows the screen unstyled for a frame.
    cssCodeSplit: false,
    // After minification, which would drop the comment.
    rolldownOptions: { output: { postBanner: compileHint } },
  },
  clearScreen: false,
});
