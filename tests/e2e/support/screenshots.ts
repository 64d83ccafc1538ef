import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../helpers/repo-root.js';

/** Where screenshots go: test-results/ is CI's artifact folder (and ignored by git). */
export const SCREENSHOT_DIR = join(repoRoot(import.meta.url), 'test-results', 'screenshots');

/**
 * Saves the page as test-results/screenshots/NAME.png and returns the file's path (Playwright
 * waits for the page's fonts; animations are stopped at their end state).
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}
