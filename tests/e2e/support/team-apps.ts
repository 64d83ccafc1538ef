import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTeam, type Team } from '../../app-facade/support/team-fixture.js';
import { appendMessage, startDovecot, type Dovecot } from '../../helpers/dovecot.js';
import { repoRoot } from '../../helpers/repo-root.js';
import { until } from '../../helpers/wait.js';
import { spawnServe, stopAll, type ServeProcess } from '../../host/support/serve-process.js';
import { USER as SMTP_USER, type TestSmtpServer } from '../../smtp/support/test-smtp-server.js';
import { assertBuildIsCurrent } from '../../sync/support/build.js';
import { addAccount, cli, syncOnce } from '../../sync/support/cli.js';
import { plainMessage, uniqueMessageId } from '../../sync/support/mail.js';
import { launchChromium, newDesktopContext } from './chromium.js';

/*
 * Two teammates' apps for the end-to-end team scenarios: a private Dovecot mailbox (user
 * `support`, password `secret`, which the test SMTP server takes too), a real sync server with
 * a workspace whose admin is Ada and where Ben is an agent, each teammate's data directory
 * synced and joined, `switchboard serve` on it, and its printed URL opened in a Chromium
 * profile of its own: what two people at two desks run.
 */

/** The built renderer (npm run build), which `serve` serves. */
const RENDERER = join(repoRoot(import.meta.url), 'dist', 'renderer');

/** A customer's question in the shared mailbox. */
export interface Question {
  name: string;
  /** The local part of the customer's address (at customer.example). */
  local: string;
  subject: string;
}

/** A teammate at their desk: the data directory, its `serve`, the page, what the page threw. */
export interface Desk {
  name: 'Ada' | 'Ben';
  email: string;
  dataDir: string;
  serve: ServeProcess;
  page: Page;
  /** Errors the page threw, and its responses refused (there must be none). */
  errors: string[];
}

export interface TeamApps {
  dir: string;
  dovecot: Dovecot;
  team: Team;
  browser: Browser;
  /** The Message-ID (no angle brackets) of each question's message, by subject. */
  messageIds: Map<string, string>;
  ada: Desk;
  ben: Desk;
  /** Stops the browser, the serves, the team server and Dovecot; removes the data. */
  close(): Promise<void>;
}

export interface TeamAppsOptions {
  /** The mailbox's messages, oldest first, a day apart from 1 March 2026. */
  questions: readonly Question[];
  /** Both accounts send through it. */
  smtp?: TestSmtpServer;
  /** Environment of the serve processes (e.g. SWITCHBOARD_UNDO_SEND_MS). */
  env?: Record<string, string>;
  /** A name for the temporary folder. */
  label: string;
}

/** The mailbox's message of a question (received in that order: the list's order is it). */
function questionMail({ name, local, subject }: Question, day: number) {
  const date = new Date(Date.UTC(2026, 2, day + 1, 9));
  const messageId = uniqueMessageId(local);
  const raw = plainMessage({
    from: `${name} <${local}@customer.example>`,
    to: 'Support <support@example.com>',
    subject,
    date,
    messageId,
    text: `Hello, ${subject.toLowerCase()}.`,
  });
  return { raw, date, messageId };
}

/**
 * Puts the questions in the mailbox's INBOX, oldest first, received in that order too (the
 * list's order is the mailbox's); returns each one's Message-ID by subject.
 */
export async function appendQuestions(
  dovecot: Dovecot,
  questions: readonly Question[],
): Promise<Map<string, string>> {
  const messageIds = new Map<string, string>();
  for (const [day, question] of questions.entries()) {
    const { raw, date, messageId } = questionMail(question, day);
    await appendMessage(dovecot, 'support', 'INBOX', raw, [], date);
    messageIds.set(question.subject, messageId);
  }
  return messageIds;
}

export async function startTeamApps(options: TeamAppsOptions): Promise<TeamApps> {
  assertBuildIsCurrent();
  if (!existsSync(join(RENDERER, 'index.html')))
    throw new Error(`${RENDERER}/index.html is missing: run npm run build first`);
  const dir = await mkdtemp(join(tmpdir(), `switchboard-e2e-${options.label}-`));
  // A copy for this run's servers: code split off the main chunk (the composer) loads later, and
  // a build meanwhile (another run's) would replace the files the open pages ask for.
  const renderer = join(dir, 'renderer');
  await cp(RENDERER, renderer, { recursive: true });
  const processes: ServeProcess[] = [];
  let dovecot: Dovecot | undefined;
  let team: Team | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await stopAll(processes);
    await team?.server.close();
    await dovecot?.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    dovecot = await startDovecot();
    const messageIds = await appendQuestions(dovecot, options.questions);
    team = await startTeam();
    const desk = async (name: Desk['name'], token: string, scheme: 'light' | 'dark') => {
      const dataDir = join(dir, name.toLowerCase());
      await joinedDataDir(dataDir, dovecot!, team!, token, options.smtp);
      const serve = await spawnServe(['--data', dataDir, '--port', '0'], {
        rendererDir: renderer,
        // A loaded machine (other test files start serves and browsers too) takes its time.
        timeoutMs: 90_000,
      });
      processes.push(serve);
      const { page, errors } = await openPage(browser!, serve, scheme);
      return { name, email: `${name.toLowerCase()}@example.com`, dataDir, serve, page, errors };
    };
    const benToken = team.addMember('Ben').token;
    browser = await launchChromium();
    // spawnServe passes this process's environment on: the serves' settings go through it.
    const env = Object.entries(options.env ?? {});
    for (const [name, value] of env) process.env[name] = value;
    const [ada, ben] = await Promise.all([
      desk('Ada', team.adminToken, 'light'),
      desk('Ben', benToken, 'dark'),
    ]).finally(() => {
      for (const [name] of env) delete process.env[name];
    });
    return { dir, dovecot, team, browser, messageIds, ada, ben, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A data directory with the shared mailbox's account (sending through `smtp`), synced, in the team. */
export async function joinedDataDir(
  dataDir: string,
  dovecot: Dovecot,
  team: Team,
  token: string,
  smtp?: TestSmtpServer,
): Promise<void> {
  const must = async (...args: string[]) => {
    const result = await cli(dataDir, ...args);
    if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.err || result.out}`);
  };
  const account = await addAccount(dataDir, dovecot, 'support');
  if (smtp)
    await must(
      'account',
      'edit',
      account,
      '--smtp',
      `smtp://${encodeURIComponent(SMTP_USER)}@127.0.0.1:${smtp.port}`,
    );
  await must(
    'team',
    'join',
    '--server',
    team.server.url,
    '--workspace',
    team.workspaceId,
    '--token',
    token,
  );
  // Synced before serve starts, as the app a teammate opens has been: the page's list shows from
  // the cache at once, not after serve's first pass (seconds on a loaded machine).
  await syncOnce(dataDir);
}

/** The served app in a new profile, as its user opens it; what the page throws is collected. */
async function openPage(browser: Browser, serve: ServeProcess, colorScheme: 'light' | 'dark') {
  const context = await newDesktopContext(browser, { colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
      errors.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(serve.url.href);
  try {
    await conversationList(page).waitFor();
  } catch (error) {
    throw new Error(await whyNoList(page, serve, errors, error), { cause: error });
  }
  return { page, errors };
}

/** What the page and its serve showed when the list did not come: the next failure says why. */
async function whyNoList(page: Page, serve: ServeProcess, errors: string[], error: unknown) {
  const tail = (text: string) => text.trim().split('\n').slice(-15).join('\n');
  const shown = await page
    .locator('body')
    .innerText({ timeout: 2_000 })
    .catch((reason: unknown) => `(unreadable: ${String(reason)})`);
  return [
    `the conversation list did not show: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    `the page showed:\n${tail(shown)}`,
    `the page's errors: ${errors.join('; ') || 'none'}`,
    `serve's stdout:\n${tail(serve.stdout())}`,
    `serve's stderr:\n${tail(serve.stderr())}`,
  ].join('\n');
}

export const conversationList = (page: Page): Locator =>
  page.getByRole('listbox', { name: 'Conversations' });
export const rows = (page: Page): Locator => conversationList(page).getByRole('option');
export const row = (page: Page, subject: string): Locator =>
  rows(page).filter({ hasText: subject });
export const viewButton = (page: Page, name: string): Locator =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
export const notifications = (page: Page): Locator =>
  page.getByRole('status', { name: 'Notifications' });
export const conversationRegion = (page: Page): Locator =>
  page.getByRole('region', { name: 'Conversation' });
export const connection = (page: Page): Locator => page.getByRole('group', { name: 'Connection' });

/** Waits until the locator's text includes `text` (15 s: the team server's round trip). */
export async function showsText(locator: Locator, text: string, what: string, ms = 15_000) {
  let shown: string | null = null;
  await until(
    () => `${what}: "${text}" (shows ${JSON.stringify(shown)})`,
    async () => {
      shown = await locator.textContent({ timeout: 1000 }).catch(() => null);
      return shown?.includes(text) === true;
    },
    ms,
  );
}

/** The list's subjects, top to bottom. */
export function subjects(page: Page): Promise<string[]> {
  return rows(page)
    .locator('.conversation-row__subject')
    .allTextContents()
    .then((all) => all.map((text) => text.trim()));
}

/** The subject of the list's selected row, if one is. */
export async function selectedSubject(page: Page): Promise<string | undefined> {
  const selected = rows(page).and(page.locator('[aria-selected="true"]'));
  return (await selected.count()) === 1
    ? ((await selected.locator('.conversation-row__subject').textContent()) ?? undefined)
    : undefined;
}
