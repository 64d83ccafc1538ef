import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo-root.js';
import { until } from '../helpers/wait.js';
import { buildPreview } from './support/build-preview.js';
import { launchChromium, newDesktopContext } from './support/chromium.js';
import { saveScreenshot } from './support/screenshots.js';
import { serveStatic, type StaticServer } from './support/static-server.js';

/** The built renderer (npm run build); this test loads it as a browser would, without data. */
const RENDERER = join(repoRoot(import.meta.url), 'dist', 'renderer');

/** Chromium's console line for a WebSocket the server did not upgrade. */
const REFUSED_SOCKET = /^WebSocket connection to 'ws:\/\/[^']+\/ws' failed/;

const VIEW_NAMES = ['Unassigned', 'Mine', 'All open', 'Pending', 'Snoozed', 'Closed', 'Mentions'];

describe('the app shell in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) {
      throw new Error(`${RENDERER}/index.html is missing: run npm run build first`);
    }
    server = await serveStatic(RENDERER);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(colorScheme: 'light' | 'dark', url = server.url): Promise<Page> {
    const context = await newDesktopContext(browser, { colorScheme });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // A page served without the host (this test's premise) cannot open its WebSocket, and
      // Chromium reports each refused attempt on the console itself: no page code can quiet it.
      // The page's own reaction is what is checked: calm, Offline, loading, no error of its own.
      if (m.type() === 'error' && !REFUSED_SOCKET.test(m.text())) errors.push(m.text());
    });
    await page.goto(url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(errors).toEqual([]);
    return page;
  }

  it('lays out the panes with their landmarks, loading until data comes', async () => {
    const page = await open('light');
    const views = page.getByRole('navigation', { name: 'Views' });
    const buttons = await views.getByRole('button').all();
    const names = await Promise.all(buttons.map((b) => b.getAttribute('aria-label')));
    expect(names).toEqual(VIEW_NAMES);
    for (const name of VIEW_NAMES) {
      await expect(views.getByRole('button', { name, exact: true }).count()).resolves.toBe(1);
    }
    expect(
      await views
        .getByRole('button', { name: 'Unassigned', exact: true })
        .getAttribute('aria-current'),
    ).toBe('page');

    await expect(page.getByRole('main').count()).resolves.toBe(1);
    const list = page.getByRole('region', { name: 'Unassigned' });
    await expect(list.getByRole('heading', { level: 1, name: 'Unassigned' }).count()).resolves.toBe(
      1,
    );
    // No data source yet (no host): the list says it is loading, it invents nothing.
    await expect(list.locator('[aria-busy="true"]').count()).resolves.toBe(1);
    await expect(page.getByRole('option').count()).resolves.toBe(0);

    const reading = page.getByRole('region', { name: 'Reading pane' });
    await expect(reading.getByText('No conversation open').count()).resolves.toBe(1);
    await expect(page.getByRole('status', { name: 'Notifications' }).count()).resolves.toBe(1);
    // The link to the app fails (nothing here speaks it): the page says so, in words.
    await until(
      'the Connection indicator to say Offline',
      async () => (await page.getByLabel('Connection').textContent()) === 'Offline',
    );
    await expect(page.getByRole('navigation', { name: 'Mailboxes' }).count()).resolves.toBe(1);
    await expect(page.getByRole('navigation', { name: 'Tags' }).count()).resolves.toBe(1);

    await saveScreenshot(page, 'shell-light');

    // Keyboard: Tab reaches the search button first, then the views, with a visible ring.
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toContain('Search');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.getAttribute("aria-label")')).resolves.toBe(
      'Unassigned',
    );
    const ring = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(ring).toBe('solid');

    await page.context().close();
  });

  it('follows the system dark theme, and data-theme overrides it', async () => {
    const light = await open('light');
    const dark = await open('dark');
    const background = (page: Page) =>
      page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    const lightBg = await background(light);
    const darkBg = await background(dark);
    expect(lightBg).not.toBe(darkBg);
    await saveScreenshot(dark, 'shell-dark');

    // The theme button steps system → light → dark: the page turns dark under a light system.
    const themeButton = light.getByRole('button', { name: /^Theme:/ });
    await themeButton.click();
    await themeButton.click();
    await expect(light.evaluate('document.documentElement.dataset.theme')).resolves.toBe('dark');
    // Chromium restyles light-dark() colours on the next frame, not on the attribute's change.
    await until('the page to turn dark', async () => (await background(light)) === darkBg, 5_000);
    await light.context().close();
    await dark.context().close();
  });

  it('with data (the preview page over fixture data), and the components: screenshots', async () => {
    const dir = await buildPreview();
    const preview = await serveStatic(dir);
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await open(scheme, `${preview.url}?screen=shell`);
        // The sidebar shows the workspace's mailboxes, tags and who is online; the list an empty
        // view's state; the right panel is open; a notification is in the status region.
        await expect(page.getByLabel('Connection').textContent()).resolves.toBe('Online');
        await expect(
          page.getByRole('button', { name: 'Mine', description: '6 conversations' }).count(),
        ).resolves.toBe(1);
        await expect(page.getByRole('complementary', { name: 'Contact' }).count()).resolves.toBe(1);
        await expect(page.getByRole('status').textContent()).resolves.toContain('Assigned to you');
        await saveScreenshot(page, `preview-${scheme}`);
        await page.context().close();

        const gallery = await open(scheme, `${preview.url}?screen=gallery`);
        await saveScreenshot(gallery, `components-${scheme}`);
        // Opened from the keyboard: focus moves into the dialog, to its first action.
        await gallery.getByRole('button', { name: 'Show a dialog' }).focus();
        await gallery.keyboard.press('Enter');
        const dialog = gallery.getByRole('dialog', { name: 'Close 3 conversations?' });
        await expect(dialog.count()).resolves.toBe(1);
        await expect(gallery.evaluate('document.activeElement.textContent')).resolves.toBe(
          'Cancel',
        );
        await expect(
          gallery.evaluate('document.activeElement.matches(":focus-visible")'),
        ).resolves.toBe(true);
        await saveScreenshot(gallery, `dialog-${scheme}`);
        await gallery.context().close();
      }
    } finally {
      await preview.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
