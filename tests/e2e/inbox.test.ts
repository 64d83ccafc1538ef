import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeam, type Team } from '../app-facade/support/team-fixture.js';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { repoRoot } from '../helpers/repo-root.js';
import { until } from '../helpers/wait.js';
import { spawnServe, stopAll, type ServeProcess } from '../host/support/serve-process.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { launchChromium, newDesktopContext } from './support/chromium.js';
import { saveScreenshot } from './support/screenshots.js';
import { appendQuestions, joinedDataDir } from './support/team-apps.js';

/*
 * The inbox end to end: two teammates' apps (`switchboard serve` on two data directories that
 * sync one Dovecot mailbox and joined one team on a real sync server), each opened in its own
 * Chromium profile. What a person sees and does with the keyboard, and what the other sees of it.
 */

const RENDERER = join(repoRoot(import.meta.url), 'dist', 'renderer');

/** The customers' questions, oldest first (the list shows the newest first). */
const QUESTIONS = [
  ['Judy Alvarez', 'judy', 'Refund never arrived'],
  ['Omar Haddad', 'omar', 'Printer jams on page two'],
  ['Lena Fischer', 'lena', 'Invoice needs our VAT number'],
  ['Tomás Ruiz', 'tomas', 'Cannot log in after the update'],
  ['Priya Nair', 'priya', 'Can we add five more seats?'],
  ['Chen Wei', 'chen', 'Export to CSV is empty'],
] as const;

let dir: string;
let dovecot: Dovecot;
let team: Team;
let browser: Browser;
const processes: ServeProcess[] = [];
let ada: Page;
let ben: Page;

/** A data directory that syncs the mailbox and works in the team as `token`'s member. */
async function teammateDir(name: string, token: string): Promise<string> {
  const dataDir = join(dir, name);
  await joinedDataDir(dataDir, dovecot, team, token);
  return dataDir;
}

/** Opens a teammate's app as they would: its printed URL, in a profile of their own. */
async function openApp(dataDir: string, colorScheme: 'light' | 'dark'): Promise<Page> {
  const served = await spawnServe(['--data', dataDir, '--port', '0']);
  processes.push(served);
  const context = await newDesktopContext(browser, { colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(served.url.href);
  await listbox(page).waitFor();
  return page;
}

const listbox = (page: Page) => page.getByRole('listbox', { name: 'Conversations' });
const options = (page: Page) => listbox(page).getByRole('option');
const row = (page: Page, subject: string) => options(page).filter({ hasText: subject });
const view = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

/** The count a view says (its description: "3 conversations"), 0 when it shows none. */
async function countOf(page: Page, name: string): Promise<number> {
  const id = await view(page, name).getAttribute('aria-describedby');
  if (!id) return 0;
  // The words said (the number drawn beside them is hidden from screen readers).
  const description = await page.locator(`[id="${id}"] .visually-hidden`).textContent();
  return Number(/(\d+)/.exec(description ?? '')?.[1] ?? 0);
}

async function subjects(page: Page): Promise<string[]> {
  return Promise.all(
    (await options(page).all()).map(
      async (option) => (await option.locator('.conversation-row__subject').textContent()) ?? '',
    ),
  );
}

async function selectedSubject(page: Page): Promise<string | undefined> {
  const selected = options(page).and(page.locator('[aria-selected="true"]'));
  return (await selected.count()) === 1
    ? ((await selected.locator('.conversation-row__subject').textContent()) ?? undefined)
    : undefined;
}

function waitText(locator: Locator, text: string, what: string) {
  return until(what, async () => ((await locator.textContent()) ?? '').includes(text), 15_000);
}

beforeAll(async () => {
  assertBuildIsCurrent();
  if (!existsSync(join(RENDERER, 'index.html')))
    throw new Error(`${RENDERER}/index.html is missing: run npm run build first`);
  dir = await mkdtemp(join(tmpdir(), 'switchboard-e2e-inbox-'));
  dovecot = await startDovecot();
  await appendQuestions(
    dovecot,
    QUESTIONS.map(([name, local, subject]) => ({ name, local, subject })),
  );
  team = await startTeam();
  const adaDir = await teammateDir('ada', team.adminToken);
  const benDir = await teammateDir('ben', team.addMember('ben').token);
  browser = await launchChromium();
  [ada, ben] = await Promise.all([openApp(adaDir, 'light'), openApp(benDir, 'dark')]);
});

afterAll(async () => {
  await browser?.close();
  await stopAll(processes);
  await team?.server.close();
  await dovecot?.stop();
  if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
});

describe('the inbox in Chromium, against switchboard serve', () => {
  it('lists the synced mailbox in the listbox, newest first, with the counts and the connection', async () => {
    await until('the six conversations', async () => (await options(ada).count()) === 6, 30_000);
    expect(await subjects(ada)).toEqual(QUESTIONS.map(([, , subject]) => subject).reverse());
    expect(await selectedSubject(ada)).toBe('Export to CSV is empty');
    await until('the counts', async () => (await countOf(ada, 'Unassigned')) === 6);
    expect(await countOf(ada, 'All open')).toBe(6);
    expect(await countOf(ada, 'Mine')).toBe(0);
    await waitText(ada.getByLabel('Connection'), 'Online', 'Online');
    // The mailbox, with its unread count.
    const mailboxes = ada.getByRole('navigation', { name: 'Mailboxes' });
    expect(await mailboxes.getByRole('button', { name: 'Shared support' }).count()).toBe(1);
    await saveScreenshot(ada, 'inbox-light');
  });

  it('moves with j/k and opens with Enter; the teammate sees who is viewing', async () => {
    await until('Ben sees the list', async () => (await options(ben).count()) === 6, 30_000);
    await listbox(ada).focus();
    await ada.keyboard.press('j');
    expect(await selectedSubject(ada)).toBe('Can we add five more seats?');
    await ada.keyboard.press('j');
    await ada.keyboard.press('k');
    expect(await selectedSubject(ada)).toBe('Can we add five more seats?');
    await ada.keyboard.press('Enter');
    expect(await row(ada, 'Can we add five more seats?').getAttribute('data-open')).not.toBeNull();
    // Ben's list shows Ada on that conversation.
    await waitText(row(ben, 'Can we add five more seats?'), 'Ada is viewing', 'Ada on the row');
    await saveScreenshot(ben, 'inbox-dark-presence');
    await ada.keyboard.press('u');
    await until(
      'Ada gone from the row',
      async () =>
        !((await row(ben, 'Can we add five more seats?').textContent()) ?? '').includes('Ada'),
      15_000,
    );
  });

  it('closes with e and takes with m, at once, and the app and the teammate agree', async () => {
    await ada.keyboard.press('e');
    // At once: gone from Unassigned, counted as closed.
    expect(await row(ada, 'Can we add five more seats?').count()).toBe(0);
    expect(await countOf(ada, 'Closed')).toBe(1);
    expect(await selectedSubject(ada)).toBe('Cannot log in after the update');
    await ada.keyboard.press('m');
    expect(await row(ada, 'Cannot log in after the update').count()).toBe(0);
    expect(await countOf(ada, 'Mine')).toBe(1);
    await waitText(ada.getByRole('status', { name: 'Notifications' }), 'Assigned to you', 'toast');
    // The team has both: Ben's counts follow.
    await until('Ben sees the close', async () => (await countOf(ben, 'Closed')) === 1, 15_000);
    await until('and the assignment', async () => (await countOf(ben, 'Unassigned')) === 4, 15_000);
    await view(ada, 'Mine').click();
    await until(
      'Mine',
      async () => (await subjects(ada)).join() === 'Cannot log in after the update',
    );
  });

  it('assigns to a teammate from the picker: Ben is told, and his Mine lists it', async () => {
    await view(ada, 'Unassigned').click();
    await until('Unassigned', async () => (await options(ada).count()) === 4);
    await listbox(ada).focus();
    // The first row: "Export to CSV is empty".
    await ada.keyboard.press('a');
    const picker = ada.getByRole('dialog', { name: 'Assign' });
    await picker.waitFor();
    await saveScreenshot(ada, 'inbox-assign-picker-light');
    await ada.keyboard.type('ben');
    await ada.keyboard.press('Enter');
    expect(await picker.count()).toBe(0);
    expect(await row(ada, 'Export to CSV is empty').count()).toBe(0);

    const notifications = ben.getByRole('status', { name: 'Notifications' });
    await waitText(notifications, 'Assigned to you by a teammate', 'the notification');
    expect(await notifications.textContent()).toContain('Export to CSV is empty');
    await until('Ben counts it', async () => (await countOf(ben, 'Mine')) === 1);
    await view(ben, 'Mine').click();
    await until(
      'in his Mine',
      async () => (await subjects(ben)).join() === 'Export to CSV is empty',
    );
    await saveScreenshot(ben, 'inbox-dark');
  });
});
