import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, restoredWindow } from '../../electron/main/window-state.js';

const LAPTOP = { x: 0, y: 0, width: 1440, height: 875 };
const MONITOR = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('the window as it was last closed', () => {
  it('comes back where it was, maximized or not', () => {
    const saved = { bounds: { x: 1600, y: 80, width: 1800, height: 1100 }, maximized: true };
    expect(restoredWindow(saved, [LAPTOP, MONITOR])).toEqual(saved);
  });

  it('comes back on screen when its display is gone, and fits a smaller one', () => {
    const onMonitor = { bounds: { x: 1600, y: 80, width: 1800, height: 1100 }, maximized: false };
    expect(restoredWindow(onMonitor, [LAPTOP])).toEqual(DEFAULT_WINDOW);
    const tooBig = { bounds: { x: 10, y: 10, width: 2000, height: 1400 }, maximized: false };
    expect(restoredWindow(tooBig, [LAPTOP]).bounds).toEqual({
      x: 10,
      y: 10,
      width: 1440,
      height: 875,
    });
  });

  it('starts from the default when nothing or nonsense was saved', () => {
    for (const saved of [
      undefined,
      null,
      'x',
      {},
      { bounds: { width: 'wide', height: 800 }, maximized: false },
      { bounds: { width: 1e9, height: 800 }, maximized: false },
      { bounds: { width: 1200, height: 800, x: Number.NaN, y: 0 }, maximized: false },
    ])
      expect(restoredWindow(saved, [LAPTOP])).toEqual(DEFAULT_WINDOW);
  });
});
