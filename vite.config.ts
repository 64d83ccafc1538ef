import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

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
  },
  clearScreen: false,
});
