import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMailbox, startTeam, type Team } from '../app-facade/support/team-fixture.js';
import type { Dovecot } from '../helpers/dovecot.js';
import { repoRoot } from '../helpers/repo-root.js';
import { until } from '../helpers/wait.js';
import { spawnServe, stopAll, type ServeProcess } from '../host/support/serve-process.js';
import {
  PASSWORD as SMTP_PASSWORD,
  startSmtpServer,
  type TestSmtpServer,
} from '../smtp/support/test-smtp-server.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { launchChromium, newDesktopContext } from './support/chromium.js';
import { saveScreenshot } from './support/screenshots.js';
import { joinedDataDir } from './support/team-apps.js';

/*
 * The composer end to end, in the app: two teammates, Ada and Ben, each a `switchboard serve` on a data
 * directory of their own that synced one Dovecot mailbox and joined one team on the real sync
 * server, sending through a real SMTP server, each in a Chromium context of their own. They
 * co-write the conversation's shared draft, Ada sends it (after undoing once) and the SMTP
 * server receives it; Ben, replying at the same moment, is held with the reason, revises, and
 * in a second conversation sends anyway.
 */

/** Ada's undo window is short; Ben's longer, so Ada's reply has gone when his is checked. */
const ADA_UNDO_MS = 2500;
const BEN_UNDO_MS = 8000;

let dir: string;
let dovecot: Dovecot;
let smtp: TestSmtpServer;
let team: Team;
let browser: Browser;
let ada: Page;
let ben: Page;
const processes: ServeProcess[] = [];
/** Every error a page threw, checked after each test (an error in an effect blanks the page). */
const pageErrors: string[] = [];

/** The built renderer (npm run build), which `serve` serves. */
const RENDERER = join(repoRoot(import.meta.url), 'dist', 'renderer');
/**
 * A copy of it for this test's servers: the composer's code loads when it first opens, and a
 * build meanwhile (another test run's) would replace the files the open pages ask for.
 */
let renderer: string;

/** A data directory that synced the mailbox (sending through `smtp`) and joined the team. */
async function teammateData(name: string, token: string): Promise<string> {
  const dataDir = join(dir, name);
  // Dovecot's password, which the SMTP server takes too: one reference serves both.
  expect(SMTP_PASSWORD).toBe('secret');
  await joinedDataDir(dataDir, dovecot, team, token, smtp);
  return dataDir;
}

/** `serve` on the data directory, its printed URL opened in a Chromium profile of its own. */
async function open(dataDir: string, undoMs: number, colorScheme: 'light' | 'dark') {
  process.env.SWITCHBOARD_UNDO_SEND_MS = String(undoMs);
  const served = await spawnServe(['--data', dataDir, '--port', '0'], { rendererDir: renderer });
  processes.push(served);
  const context = await newDesktopContext(browser, { colorScheme });
  const tab = await context.newPage();
  const problems: string[] = [];
  tab.on('pageerror', (error) => {
    problems.push(error.message);
    pageErrors.push(`${dataDir}: ${error.message}`);
  });
  // (Not every console error: the key's landing page has no icon, and Chromium asks for one.)
  tab.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/iu.test(message.text()))
      problems.push(message.text());
  });
  tab.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await tab.goto(served.url.href);
  await until('the two conversations listed', async () => (await rows(tab).count()) === 2, 30_000);
  expect(problems, 'the page runs under the host CSP without errors').toEqual([]);
  return tab;
}

beforeAll(async () => {
  assertBuildIsCurrent();
  if (!existsSync(join(RENDERER, 'index.html')))
    throw new Error(`${RENDERER}/index.html is missing: run npm run build first`);
  dir = await mkdtemp(join(tmpdir(), 'switchboard-composer-e2e-'));
  renderer = join(dir, 'renderer');
  await cp(RENDERER, renderer, { recursive: true });
  dovecot = await startMailbox();
  smtp = await startSmtpServer();
  team = await startTeam();
  const adaData = await teammateData('ada', team.adminToken);
  const benData = await teammateData('ben', team.addMember('Ben').token);
  browser = await launchChromium();
  ada = await open(adaData, ADA_UNDO_MS, 'light');
  ben = await open(benData, BEN_UNDO_MS, 'dark');
  delete process.env.SWITCHBOARD_UNDO_SEND_MS;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopAll(processes);
  await team?.server.close();
  await smtp?.stop();
  await dovecot?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(pageErrors.splice(0), 'errors thrown in the pages').toEqual([]);
});

const replyBox = (page: Page): Locator => page.getByRole('textbox', { name: 'Reply' });
/** A teammate's caret in an editor, labelled with their name. */
const caretOf = (box: Locator, name: string): Locator =>
  box.locator('.collab-caret', { hasText: name });
const rows = (page: Page): Locator =>
  page.getByRole('listbox', { name: 'Conversations' }).getByRole('option');

/** Opens the conversation from the list. */
async function openConversation(page: Page, subject: string): Promise<void> {
  await rows(page).filter({ hasText: subject }).click();
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Conversation' }).getByText(subject).first().waitFor();
}

/** Opens the conversation and its reply composer with the `r` key. */
async function startReply(page: Page, subject: string): Promise<Locator> {
  await openConversation(page, subject);
  await page.keyboard.press('r');
  const box = replyBox(page);
  await box.waitFor();
  return box;
}

/**
 * The editor's text, a line per paragraph (innerText would put blank lines between them), without
 * the name tabs of teammates' carets drawn in it.
 */
const textOf = async (box: Locator): Promise<string> =>
  (
    await box.locator('p').evaluateAll((paragraphs: PageNode[]) =>
      paragraphs.map((paragraph) => {
        const copy = paragraph.cloneNode(true);
        for (const caret of copy.querySelectorAll('.collab-caret')) caret.remove();
        return copy.textContent ?? '';
      }),
    )
  ).join('\n');

/** What textOf uses of a page's element (the tests are typed without the DOM's types). */
interface PageNode {
  textContent: string | null;
  cloneNode(deep: boolean): PageNode;
  querySelectorAll(selector: string): Iterable<{ remove(): void }>;
}

/** Waits until the editor's text (a line per paragraph) is `text`. */
async function showsText(box: Locator, text: string, what: string): Promise<void> {
  let shown = '';
  await until(
    () => `${what}: "${text}" (shows "${shown}")`,
    async () => {
      shown = await textOf(box);
      return shown === text;
    },
    15_000,
  );
}

/** The message the SMTP server received whose text includes `text`. */
function receivedWith(text: string): Promise<string> {
  return until(
    () => `a message with "${text}" at the SMTP server (${smtp.received.length} received)`,
    () => smtp.received.map((got) => got.raw.toString('utf8')).find((raw) => raw.includes(text)),
    30_000,
  );
}

/** Types at the end of the editor's text. */
async function typeAtEnd(page: Page, box: Locator, text: string): Promise<void> {
  await box.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

describe('the composer, two teammates on one shared draft', () => {
  it('is co-written live: each sees the other type, and who is writing', async () => {
    const onAda = await startReply(ada, 'Refund');
    const onBen = await startReply(ben, 'Refund');

    await typeAtEnd(ada, onAda, 'Hello Carla,');
    await showsText(onBen, 'Hello Carla,', "Ada's text on Ben's screen");
    await typeAtEnd(ben, onBen, '');
    await ben.keyboard.press('Enter');
    await ben.keyboard.type('your refund is on its way.');
    const both = 'Hello Carla,\nyour refund is on its way.';
    await showsText(onAda, both, "Ben's line on Ada's screen");
    await showsText(onBen, both, 'both lines on Ben');

    // Ben is typing: Ada's composer says so (presence, renewed while he types).
    const writers = ada.getByRole('group', { name: 'Writing here too' });
    await until('Ben named as writing on Ada', async () =>
      /Ben is writing here/u.test((await writers.textContent().catch(() => '')) ?? ''),
    );
    // Each sees where the other is in the text: a caret labelled with the teammate's name.
    await caretOf(onBen, 'Ada').waitFor({ timeout: 15_000 });
    await caretOf(onAda, 'Ben').waitFor({ timeout: 15_000 });
    await saveScreenshot(ada, 'composer-light');
    await saveScreenshot(ben, 'composer-dark');
  });

  it('takes a teammate’s caret and "is replying" away when they close their composer', async () => {
    const banner = ada.getByText('Ben is replying');
    await typeAtEnd(ben, replyBox(ben), '');
    await ben.keyboard.type(' ');
    await banner.waitFor({ timeout: 15_000 });
    await ben.keyboard.press('Backspace');
    await ben.getByRole('button', { name: 'Close composer' }).click();
    await until(
      'Ben’s caret gone from Ada’s reply',
      async () => (await caretOf(replyBox(ada), 'Ben').count()) === 0,
    );
    await until('"Ben is replying" gone on Ada', async () => (await banner.count()) === 0);
    // Ben back on the draft, for what follows.
    await ben.keyboard.press('r');
    await showsText(replyBox(ben), 'Hello Carla,\nyour refund is on its way.', 'Ben’s draft again');
  });

  it('undoes a send from the toast: the draft comes back for both; sent, the SMTP server has it', async () => {
    const both = 'Hello Carla,\nyour refund is on its way.';
    await ada.getByRole('button', { name: 'Send', exact: true }).click();
    const toasts = ada.getByRole('status', { name: 'Notifications' });
    await toasts.getByText('Sending reply…').waitFor();
    // The composer closed; Ben's draft is emptied by the send.
    await showsText(replyBox(ben), '', "the sent draft emptied on Ben's screen");
    await toasts.getByRole('button', { name: 'Undo' }).click();
    const back = replyBox(ada);
    await back.waitFor();
    await showsText(back, both, "the draft back on Ada's screen");
    await showsText(replyBox(ben), both, "the draft back on Ben's screen");

    // Sent for good this time: Ben, at the same moment, writes a reply of his own and sends it.
    await ada.keyboard.press('Control+Enter');
    await toasts.getByText('Sending reply…').waitFor();
    await showsText(replyBox(ben), '', "Ada's sent draft gone from Ben's screen");
    await typeAtEnd(ben, replyBox(ben), 'Hi Carla, Ben here.');
    await ben.getByRole('button', { name: 'Send', exact: true }).click();
    await ben.getByRole('status', { name: 'Notifications' }).getByText('Sending reply…').waitFor();

    const sent = await receivedWith('your refund is on its way.');
    expect(sent).toContain('Hello Carla,');
    expect(sent).toMatch(/^Subject: Re: Refund/mu);
    await toasts.getByText('Reply sent').waitFor();
  });

  it("holds Ben's reply with the reason and who; Revise puts it back in the draft", async () => {
    const held = ben.getByRole('region', { name: 'Reply held, not sent' });
    await held.waitFor({ timeout: BEN_UNDO_MS + 15_000 });
    expect(await held.textContent()).toMatch(/Ada replied at .+, after you started this reply\./u);
    await held.getByRole('button', { name: 'Send anyway' }).waitFor();
    await saveScreenshot(ben, 'composer-held-dark');
    const outbox = ben.getByRole('button', { name: /^Outbox: 1 message needs you/u });
    await outbox.click();
    await ben.getByRole('dialog', { name: 'Outbox' }).waitFor();
    await saveScreenshot(ben, 'outbox-held-dark');
    await ben.keyboard.press('Escape');

    await held.getByRole('button', { name: 'Revise' }).click();
    await showsText(replyBox(ben), 'Hi Carla, Ben here.', 'the held reply back in the draft');
    await until('the held notice gone', async () => (await held.count()) === 0);
    // The same draft is Ada's again too.
    await ada.keyboard.press('r');
    await showsText(replyBox(ada), 'Hi Carla, Ben here.', "Ben's revised draft on Ada's screen");
    await ada.keyboard.press('Escape');
    await ben.getByRole('button', { name: 'Close composer' }).click();
  });

  it('sends a held reply anyway, past the collision guard', async () => {
    // r, and typing at once: what is typed while the composer opens is the reply's (a t there
    // is no Tag picker).
    await openConversation(ada, 'Printer');
    await ada.keyboard.press('r');
    await ada.keyboard.type('The printer driver is attached.');
    const onAda = replyBox(ada);
    await showsText(onAda, 'The printer driver is attached.', 'typed as the composer opened');
    expect(await ada.getByRole('dialog', { name: 'Tag' }).count()).toBe(0);
    await ada.getByRole('button', { name: 'Send', exact: true }).click();
    const onBen = await startReply(ben, 'Printer');
    await showsText(onBen, '', 'the Printer draft, sent by Ada, empty on Ben');
    await typeAtEnd(ben, onBen, 'Try turning it off and on.');
    await ben.keyboard.press('Control+Enter');
    await receivedWith('The printer driver is attached.');

    const held = ben.getByRole('region', { name: 'Reply held, not sent' });
    await held.waitFor({ timeout: BEN_UNDO_MS + 15_000 });
    await held.getByRole('button', { name: 'Send anyway' }).click();
    const anyway = await receivedWith('Try turning it off and on.');
    expect(anyway).toMatch(/^Subject: Re: Printer/mu);
    await until('the held notice gone', async () => (await held.count()) === 0);
  });
});
