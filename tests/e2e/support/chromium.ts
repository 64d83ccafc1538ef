import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (apt package `chromium`, installed by .ci/run). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium in a container and under CI: no sandbox (no user namespaces for
 * it here), no GPU, /tmp instead of a small /dev/shm, and nothing that talks to the network on
 * its own (updates, sync, QUIC probes, first-run pages): the tests' only traffic is loopback.
 *
 * Nor the browser's own address-bar pages: Chromium 156 builds its omnibox popups (WebUI pages,
 * some 150 scripts each) for every new tab, and preloads more, even headless where no address
 * bar is shown. A trace of the app's first load had them busy on these 2 cores for a second
 * beside it, doubling the time to its first rows. Electron has no address bar; the app is what
 * the tests and bench:ui measure.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,WebUIContentsPreloadManager',
] as const;

/**
 * Starts headless Chromium. playwright-core gives each launch a fresh, empty user-data directory
 * of its own (removed on close), so no test sees another's storage; each `browser.newContext()`
 * is a further clean profile (two contexts: two teammates).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    // The wrapper script prints a harmless "[: ...: unexpected operator" line: not a failure.
    timeout: 60_000,
  });
}

export interface ContextOptions {
  colorScheme?: 'light' | 'dark';
  /** The window's size in CSS pixels; screenshots are taken at 2x for a sharp look. */
  viewport?: { width: number; height: number };
}

/** A clean browser profile with a desktop-sized window. */
export function newDesktopContext(
  browser: Browser,
  { colorScheme = 'light', viewport = { width: 1440, height: 900 } }: ContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    colorScheme,
    viewport,
    deviceScaleFactor: 2,
    reducedMotion: 'reduce',
    locale: 'en-US',
    timezoneId: 'UTC',
  });
}
