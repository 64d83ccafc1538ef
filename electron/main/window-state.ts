/** Where the window is and how big, in screen coordinates (DIP). */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** What is kept of the window between launches. */
export interface SavedWindow {
  bounds: WindowBounds;
  maximized: boolean;
}

/** A display's usable area (without taskbar or menu bar). */
export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A first launch: a comfortable size, centered by the OS. */
export const DEFAULT_WINDOW: SavedWindow = {
  bounds: { width: 1440, height: 900 },
  maximized: false,
};

/** How much of the window's title bar must be on a display for it to be reachable. */
const GRIP = 64;

/**
 * The window as it was last closed, where it can still be seen: a display unplugged since (a
 * laptop away from its monitor) would put it off screen, out of reach. Then, and for a saved
 * state that does not read as one, the default. A window larger than the display it is on is
 * shrunk to it.
 */
export function restoredWindow(saved: unknown, displays: readonly WorkArea[]): SavedWindow {
  if (!isSavedWindow(saved)) return DEFAULT_WINDOW;
  const { x, y, width, height } = saved.bounds;
  if (x === undefined || y === undefined) return { ...DEFAULT_WINDOW, maximized: saved.maximized };
  const display = displays.find(
    (area) =>
      x + width - GRIP >= area.x &&
      x + GRIP <= area.x + area.width &&
      y >= area.y &&
      y + GRIP <= area.y + area.height,
  );
  if (!display) return { ...DEFAULT_WINDOW, maximized: saved.maximized };
  return {
    bounds: {
      x,
      y,
      width: Math.min(width, display.width),
      height: Math.min(height, display.height),
    },
    maximized: saved.maximized,
  };
}

function isSavedWindow(value: unknown): value is SavedWindow {
  if (typeof value !== 'object' || value === null) return false;
  const { bounds, maximized } = value as Partial<SavedWindow>;
  if (typeof maximized !== 'boolean' || typeof bounds !== 'object' || bounds === null) return false;
  const size = (n: unknown) =>
    typeof n === 'number' && Number.isFinite(n) && n >= 100 && n <= 100_000;
  const place = (n: unknown) =>
    n === undefined || (typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= 100_000);
  return size(bounds.width) && size(bounds.height) && place(bounds.x) && place(bounds.y);
}
