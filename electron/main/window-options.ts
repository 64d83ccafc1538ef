import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from './window-state.js';

/** Below this the inbox's three panes do not fit side by side. */
export const MIN_WIDTH = 960;
export const MIN_HEIGHT = 600;

/**
 * The app window's options, the one place they are set. Electron's security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security): the page gets no Node
 * (`nodeIntegration` off, in workers and frames too), runs in Chromium's sandbox, and its
 * scripts cannot reach the preload's world (`contextIsolation`): an HTML mail that slipped past
 * the sanitizer is a web page, nothing more. The preload exposes the contract and nothing else.
 */
export function windowOptions(
  preload: string,
  bounds: WindowBounds,
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Switchboard',
    // Shown once its first frame is drawn (ready-to-show): no white flash before the theme.
    show: false,
    backgroundColor: '#111214',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  };
}
