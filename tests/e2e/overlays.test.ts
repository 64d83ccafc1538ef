import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { appendMessage } from '../helpers/imap-client.js';
import { repoRoot } from '../helpers/repo-root.js';
import { until } from '../helpers/wait.js';
import { spawnServe, stopAll, type ServeProcess } from '../host/support/serve-process.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { addAccount, cli, listConversations, syncOnce } from '../sync/support/cli.js';
import { plainMessage, uniqueMessageId, uniqueWord } from '../sync/support/mail.js';
import { launchChromium, newDesktopContext } from './support/chromium.js';
import { saveScreenshot } from './support/screenshots.js';

/*
 * The overlays against the real app: `switchboard serve` over a data directory synced from a
 * private Dovecot, opened in Chromium as a user opens its URL. Search finds mail as it is typed
 * and opens it, the palette runs an action from Ctrl+K, the settings list the account and test
 * its connection, and a data directory without accounts shows the first-run welcome. Each screen
 * is saved in the light and the dark theme (test-results/screenshots/).
 */

const RENDERER = join(repoRoot(import.meta.url), 'dist', 'renderer');
/** A word only the invoice's message has: what search must find as it is typed. */
const WORD = uniqueWord('quokka');
const INVOICE = 'Invoice 4471 charged twice';

let dir: string;
let dovecot: Dovecot;
let browser: Browser;
/** serve over the synced mailbox, and serve over a data directory with no account. */
let synced: ServeProcess;
let fresh: ServeProcess;
const processes: ServeProcess[] = [];

function mail(subject: string, from: string, day: number, text: string): string {
  return plainMessage({
    from,
    to: 'Support <support@example.com>',
    subject,
    date: new Date(Date.UTC(2026, 2, day, 9, 30)),
    messageId: uniqueMessageId('overlays'),
    text,
  });
}

beforeAll(async () => {
  assertBuildIsCurrent();
  if (!existsSync(join(RENDERER, 'index.html')))
    throw new Error(`${RENDERER}/index.html is missing: run npm run build first`);
  dir = await mkdtemp(join(tmpdir(), 'switchboard-overlays-'));
  dovecot = await startDovecot();
  const messages = [
    mail(
      INVOICE,
      'Maya Okafor <maya@customer.example>',
      3,
      `Hello, my card was charged twice for invoice 4471 (the ${WORD} plan). Could you refund one of them?`,
    ),
    mail(
      'Cannot log in after the update',
      'Tom Berg <tom@customer.example>',
      4,
      'Since this morning the login page says my password is wrong.',
    ),
    mail(
      'Question about the annual plan',
      'Lena Fischer <lena@customer.example>',
      5,
      'Is there a discount when we pay for a year up front?',
    ),
  ];
  for (const raw of messages) await appendMessage(dovecot, 'support', 'INBOX', raw);
  const dataDir = join(dir, 'data');
  await addAccount(dataDir, dovecot, 'support');
  await syncOnce(dataDir);
  // A note of the team on the invoice's conversation: search finds notes too.
  const invoice = (await listConversations(dataDir)).find((c) => c.subject === INVOICE);
  if (!invoice) throw new Error('the invoice did not sync');
  const noted = await cli(
    dataDir,
    'note',
    invoice.id,
    `Refund the ${WORD} charge once finance ok's it`,
  );
  if (noted.code !== 0) throw new Error(`note failed: ${noted.err}`);
  // serve inherits the password's variable (addAccount put it in this process's environment).
  synced = await spawnServe(['--data', dataDir, '--port', '0']);
  processes.push(synced);
  fresh = await spawnServe(['--data', join(dir, 'fresh'), '--port', '0']);
  processes.push(fresh);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stopAll(processes);
  await dovecot?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A new browser profile on the served app, its errors collected (there must be none). */
async function openApp(
  served: ServeProcess,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; errors: string[] }> {
  const context = await newDesktopContext(browser, { colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Chromium may ask the key's landing page for /favicon.ico, which the host does not serve.
    const where = message.location().url;
    if (message.type() === 'error' && !where.endsWith('/favicon.ico'))
      errors.push(`${message.text()} ${where}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(served.url.href);
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
  return { page, errors };
}

/** Waits until the app's link is up (the sidebar lists the account's mailbox from the app). */
async function waitForData(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Mailboxes' })
    .getByRole('button', { name: /Shared support/ })
    .waitFor();
}

describe('search, palette and settings in Chromium against switchboard serve', () => {
  it('search finds a message as it is typed, mail and notes, and Enter opens the conversation', async () => {
    const { page, errors } = await openApp(synced);
    await waitForData(page);
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.waitFor();
    await expect(page.evaluate('document.activeElement.getAttribute("role")')).resolves.toBe(
      'searchbox',
    );
    // Nothing typed: the operators are offered.
    await expect(page.getByText('Internal notes only').count()).resolves.toBe(1);

    // Typed key by key, no Enter: results come as the word grows.
    await page.keyboard.type(WORD.slice(0, 6), { delay: 30 });
    await page.keyboard.type(WORD.slice(6), { delay: 30 });
    const results = page.getByRole('listbox', { name: 'Search results' });
    await results.getByRole('option', { name: new RegExp(INVOICE) }).waitFor();
    expect(await results.getAttribute('data-results-for')).toBe(WORD);
    expect(await results.getByRole('option').count()).toBe(1);
    expect(await results.getByRole('option').first().getAttribute('aria-selected')).toBe('true');

    // in:notes: the team's note, by its author.
    await page.keyboard.type(' in:notes');
    await until(
      'the note hit',
      async () => (await results.getAttribute('data-results-for')) === `${WORD} in:notes`,
    );
    await expect(results.getByRole('option').first().textContent()).resolves.toContain('Note by');

    // Operators of mail: from: the sender.
    await page.keyboard.press('Control+A');
    await page.keyboard.type(`from:maya ${WORD}`);
    await until(
      'from: results',
      async () => (await results.getAttribute('data-results-for')) === `from:maya ${WORD}`,
    );
    await page.keyboard.press('Enter');
    await page.getByRole('searchbox', { name: 'Search' }).waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Conversation' }).getByText(INVOICE).first().waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the palette opens with Ctrl+K, finds an action as typed and runs it', async () => {
    const { page, errors } = await openApp(synced);
    await waitForData(page);
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    // Every action with its keys: search shows "/", settings and the theme are there.
    await expect(
      palette.getByRole('option', { name: /Search mail and notes/ }).textContent(),
    ).resolves.toContain('/');
    await expect(palette.getByRole('option', { name: 'Open settings' }).count()).resolves.toBe(1);
    await page.keyboard.type('go mine');
    const first = palette.getByRole('option', { selected: true });
    // cmdk highlights the best match once it has filtered and sorted for the last keystroke.
    await expect.poll(() => first.textContent()).toContain('Go to Mine');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    const mine = page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Mine', exact: true });
    await until(
      'Mine to be the view',
      async () => (await mine.getAttribute('aria-current')) === 'page',
    );

    // The same keys close it again; Esc too.
    await page.keyboard.press('Control+K');
    await palette.waitFor();
    await page.keyboard.press('Control+K');
    await palette.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('settings list the account, and its connection test succeeds', async () => {
    const { page, errors } = await openApp(synced);
    await waitForData(page);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.waitFor();
    const account = settings.getByRole('listitem', { name: 'Shared support' });
    await expect(account.textContent()).resolves.toContain('support@example.com');
    await account.getByRole('button', { name: 'Test connection' }).click();
    await account.getByText('IMAP: connected and signed in').waitFor();

    // The other sections load from the app: the solo workspace, its member, the note's author.
    await settings.getByRole('button', { name: 'Team server' }).click();
    await settings.getByText('Working alone').waitFor();
    await settings.getByRole('button', { name: 'Members' }).click();
    await expect(
      settings.getByRole('list', { name: 'Members' }).getByRole('listitem').count(),
    ).resolves.toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('settings: an admin creates a tag and changes a permission, and the app keeps both', async () => {
    const { page, errors } = await openApp(synced);
    await waitForData(page);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('button', { name: 'Tags' }).click();
    await settings.getByRole('button', { name: 'New tag' }).click();
    await settings.getByRole('textbox', { name: 'Name' }).fill('Priority');
    await settings.getByRole('radio', { name: 'Orange' }).check();
    await settings.getByRole('button', { name: 'Create tag' }).click();
    await settings
      .getByRole('list', { name: 'Tags' })
      .getByRole('listitem', { name: 'Priority' })
      .waitFor();
    // The sidebar lists it too (the app told the page its tags changed).
    await page
      .getByRole('navigation', { name: 'Tags' })
      .getByRole('button', { name: /Priority/ })
      .waitFor();

    await settings.getByRole('button', { name: 'Members' }).click();
    const cell = settings.getByRole('combobox', { name: /on support@example\.com$/ });
    await expect(cell.inputValue()).resolves.toBe('');
    await cell.selectOption('send-on-behalf');
    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'detached' });

    // Opened again, the settings load both from the app.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await settings.getByRole('button', { name: 'Members' }).click();
    await until(
      'the permission the app kept',
      async () => (await cell.inputValue()) === 'send-on-behalf',
    );
    await settings.getByRole('button', { name: 'Tags' }).click();
    await settings.getByRole('listitem', { name: 'Priority' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a data directory without accounts opens on the welcome', async () => {
    const { page, errors } = await openApp(fresh);
    const welcome = page.getByRole('dialog', { name: 'Welcome to Switchboard' });
    await welcome.waitFor();
    await welcome.getByRole('button', { name: /Try the demo/ }).click();
    await expect(welcome.getByText('npm run demo').count()).resolves.toBe(1);
    await welcome.getByRole('button', { name: 'Back' }).click();
    await welcome.getByRole('button', { name: /Add a mailbox/ }).click();
    // Checked before the app is asked: each wrong field says so, in one line.
    await welcome.getByRole('button', { name: 'Add and test the connection' }).click();
    await welcome.getByText('The email address is needed.').waitFor();
    await expect(welcome.getByText('The password is needed.').count()).resolves.toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('screenshots: search, palette, settings and the welcome, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await openApp(synced, scheme);
      await waitForData(page);
      await page.keyboard.press('/');
      await saveScreenshot(page, `search-empty-${scheme}`);
      await page.keyboard.type('refund');
      await page.getByRole('listbox', { name: 'Search results' }).waitFor();
      await saveScreenshot(page, `search-${scheme}`);
      await page.keyboard.press('Escape');

      await page.keyboard.press('Control+K');
      await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
      await saveScreenshot(page, `palette-${scheme}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await saveScreenshot(page, `shortcuts-${scheme}`);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const settings = page.getByRole('dialog', { name: 'Settings' });
      const account = settings.getByRole('listitem', { name: 'Shared support' });
      await account.getByRole('button', { name: 'Test connection' }).click();
      await account.getByText('IMAP: connected and signed in').waitFor();
      await saveScreenshot(page, `settings-${scheme}`);
      await settings.getByRole('button', { name: 'Members' }).click();
      await settings.getByRole('table').waitFor();
      await saveScreenshot(page, `settings-members-${scheme}`);
      await settings.getByRole('button', { name: 'Tags' }).click();
      await settings.getByRole('button', { name: 'New tag' }).click();
      await settings.getByRole('textbox', { name: 'Name' }).fill('Follow-up');
      await saveScreenshot(page, `settings-tags-${scheme}`);
      await settings.getByRole('button', { name: 'Cancel' }).click();
      await settings.getByRole('button', { name: 'Signatures' }).click();
      await settings.getByRole('button', { name: 'New signature' }).click();
      await saveScreenshot(page, `settings-signatures-${scheme}`);
      await page.context().close();

      const welcome = await openApp(fresh, scheme);
      await welcome.page.getByRole('dialog', { name: 'Welcome to Switchboard' }).waitFor();
      await saveScreenshot(welcome.page, `onboarding-${scheme}`);
      await welcome.page.getByRole('button', { name: /Add a mailbox/ }).click();
      await saveScreenshot(welcome.page, `onboarding-mailbox-${scheme}`);
      await welcome.page.context().close();
    }
  });
});
