import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../electron/main/window-options.js';

describe('the app window’s options', () => {
  const options = windowOptions('/app/out/preload/index.cjs', { width: 1200, height: 800 });

  it('give the page no Node, a sandbox and an isolated preload world', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('load the given preload and keep the saved size', () => {
    expect(options.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
    expect(options).toMatchObject({ width: 1200, height: 800, show: false });
  });
});
