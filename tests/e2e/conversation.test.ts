import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { spawnServe, stopAll, type ServeProcess } from '../host/support/serve-process.js';
import { hostileHtml, newsletterHtml } from '../renderer/support/conversation-fixtures.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { addAccount } from '../sync/support/cli.js';
import { plainMessage, uniqueMessageId } from '../sync/support/mail.js';
import { buildPreview } from './support/build-preview.js';
import { launchChromium, newDesktopContext } from './support/chromium.js';
import { saveScreenshot } from './support/screenshots.js';

/*
 * The open conversation in Chromium, through the real browser host (`switchboard serve`): a
 * Dovecot mailbox's hostile mail opened from the list, its attachment downloaded, the contact's
 * other conversations; and the mail frame itself, under the host's Content Security Policy, with
 * a server on loopback standing for the sender's: nothing runs, nothing loads from it until the
 * reader shows its images, then they do.
 */

const HOSTILE_SUBJECT = 'Your account needs attention';
const OLDER_SUBJECT = 'Question about my last order';
/** A file name to make a reader run it: `invoice<RLO>fdp.exe` shows as "invoice_exe.pdf". */
const HOSTILE_FILE = 'invoice\u202Efdp.exe';
const ATTACHMENT = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 13) % 256));
/** What the frame may load from the sender's server once allowed: images, nothing else. */
const IMAGES = new Set([
  '/pixel.gif',
  '/background.gif',
  '/escaped.gif',
  '/inline.gif',
  '/table.gif',
]);
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

let dir: string;
let dovecot: Dovecot;
/** The sender's server: every path asked of it. */
let remote: Server;
let remoteOrigin: string;
const requested: string[] = [];
let served: ServeProcess;
let preview: ServeProcess;
let previewDir: string;
let browser: Browser;
const processes: ServeProcess[] = [];

const NEWSLETTER_SUBJECT = 'The spring collection is here';

/** A newsletter as shops send it: text and HTML alternatives, images on the sender's server. */
function newsletterMail(): string {
  return [
    'From: Northwind Outfitters <news@northwind-outfitters.example>',
    'To: Support <support@example.com>',
    `Subject: ${NEWSLETTER_SUBJECT}`,
    'Date: Wed, 04 Mar 2026 07:30:00 +0000',
    `Message-ID: <${uniqueMessageId('newsletter')}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The spring collection is here. Shop the collection: https://shop.example/spring',
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(newsletterHtml(remoteOrigin)).toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--alt--',
    '',
  ].join('\r\n');
}

/** The hostile mail as its sender sends it: text and HTML alternatives, and an attachment. */
function hostileMail(): string {
  return [
    'From: Judy Alvarez <judy@customer.example>',
    'To: Support <support@example.com>',
    `Subject: ${HOSTILE_SUBJECT}`,
    'Date: Tue, 03 Mar 2026 09:12:00 +0000',
    `Message-ID: <${uniqueMessageId('hostile')}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hostile body text',
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(hostileHtml(remoteOrigin)).toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--inner--',
    '--outer',
    `Content-Type: application/octet-stream; name="${HOSTILE_FILE}"`,
    `Content-Disposition: attachment; filename="${HOSTILE_FILE}"`,
    'Content-Transfer-Encoding: base64',
    '',
    ATTACHMENT.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--outer--',
    '',
  ].join('\r\n');
}

beforeAll(async () => {
  assertBuildIsCurrent();
  dir = await mkdtemp(join(tmpdir(), 'switchboard-e2e-conversation-'));
  remote = createServer((request, response) => {
    requested.push(new URL(request.url ?? '/', 'http://x').pathname);
    if (request.url?.endsWith('.gif'))
      response.writeHead(200, { 'content-type': 'image/gif' }).end(GIF);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  remoteOrigin = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;

  dovecot = await startDovecot();
  await appendMessage(
    dovecot,
    'support',
    'INBOX',
    plainMessage({
      from: 'Judy Alvarez <judy@customer.example>',
      to: 'Support <support@example.com>',
      subject: OLDER_SUBJECT,
      date: new Date(Date.UTC(2026, 1, 20, 9)),
      messageId: uniqueMessageId('older'),
      text: 'Where is my parcel?',
    }),
  );
  await appendMessage(dovecot, 'support', 'INBOX', hostileMail());
  await appendMessage(dovecot, 'support', 'INBOX', newsletterMail());
  const dataDir = join(dir, 'data');
  await addAccount(dataDir, dovecot, 'support');
  served = await spawnServe(['--data', dataDir, '--port', '0']);
  processes.push(served);

  previewDir = await buildPreview();
  preview = await spawnServe(['--data', join(dir, 'preview-data'), '--port', '0'], {
    rendererDir: previewDir,
  });
  processes.push(preview);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stopAll(processes);
  await dovecot?.stop();
  await new Promise((resolve) => (remote ? remote.close(resolve) : resolve(undefined)));
  if (previewDir) await rm(previewDir, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A page of `host` opened from its printed URL (the key becomes the cookie), then at `path`. */
async function openPage(host: ServeProcess, path = '/', colorScheme: 'light' | 'dark' = 'light') {
  const context = await newDesktopContext(browser, { colorScheme });
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
  await page.goto(host.url.href);
  await page.waitForURL(`${host.origin}/`);
  if (path !== '/') await page.goto(`${host.origin}${path}`);
  return { page, console };
}

/** A call of the contract from the page's own WebSocket (its cookie, its Origin). */
function callFrom(
  page: Page,
  host: ServeProcess,
  method: string,
  params: unknown,
): Promise<unknown> {
  return page.evaluate(
    ({ url, method, params }) =>
      new Promise((resolve, reject) => {
        const socket = new WebSocket(url, ['switchboard.v1']);
        socket.onopen = () => socket.send(JSON.stringify({ id: 1, method, params }));
        socket.onmessage = (message) => {
          const frame = JSON.parse(String(message.data)) as {
            id?: number;
            result?: unknown;
            error?: unknown;
          };
          if (frame.id !== 1) return;
          socket.close();
          if ('result' in frame) resolve(frame.result);
          else reject(new Error(JSON.stringify(frame.error)));
        };
        socket.onerror = () => reject(new Error('socket error'));
      }),
    { url: host.socketUrl, method, params },
  );
}

/** Whatever a mail's script would have done to the page, had one run (the page's own realm). */
const pwned = (page: Page) =>
  page.evaluate<{ global: string | null; title: string }>(
    '({ global: window.__pwned ?? null, title: document.title })',
  );

/**
 * Evaluates `expression` about the mail frame titled `title`, from the page (the frame runs no
 * script; the page is its origin): `doc` is the frame's document.
 */
function inFrame(page: Page, title: string, expression: string): Promise<unknown> {
  return page.evaluate(
    `(() => { const doc = document.querySelector('iframe[title="${title}"]').contentDocument; return ${expression}; })()`,
  );
}

/**
 * The console lines that say a script of the mail was stopped, or a load refused: there must be
 * none (the sanitizer left nothing to stop). Chromium also reports, when DOMPurify parses the
 * mail in an inert document, the inline styles, handlers and <base> it met under the page's
 * policy: nothing runs or loads there, and those lines are not these.
 */
function stoppedLoadsAndScripts(console: readonly string[]): string[] {
  return console.filter((line) =>
    /pageerror|Blocked script execution|Loading the|Refused to (load|connect|frame)|directive: "(img|font|media|connect|frame|object|default|script)-src/i.test(
      line,
    ),
  );
}

/** Opens the conversation of `subject` from the list. */
async function openConversation(page: Page, subject: string): Promise<void> {
  const row = page.getByRole('option').filter({ hasText: subject });
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  await until(
    `${subject} open`,
    async () =>
      (await page
        .getByRole('region', { name: 'Conversation' })
        .getByRole('heading', { level: 2 })
        .textContent()) === subject,
  );
}

/** The conversation scrolled to its end (its latest activity), as a reader does. */
async function scrollToEnd(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const scroll = document.querySelector('.conversation__scroll');
    scroll.scrollTop = scroll.scrollHeight;
  })()`);
}

describe('the open conversation in Chromium', () => {
  it('opens a hostile mail from the list through switchboard serve: no script, no remote load; read, its attachment saved under a safe name, the contact’s other conversations', async () => {
    const { page, console } = await openPage(served);
    const before = await pwned(page);
    const row = page.getByRole('option').filter({ hasText: HOSTILE_SUBJECT });
    await row.waitFor({ timeout: 30_000 });
    await row.click();

    const region = page.getByRole('region', { name: 'Conversation' });
    const article = region.getByRole('article', { name: 'Judy Alvarez' });
    // Its HTML, read from the server (mail.message), in place of the text shown meanwhile.
    await page
      .frameLocator('iframe[title="Message from Judy Alvarez"]')
      .locator('#hostile-text')
      .waitFor();
    await expect(region.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(
      HOSTILE_SUBJECT,
    );
    const attachments = article.getByRole('list', { name: 'Attachments' });
    await expect(attachments.textContent()).resolves.toContain('invoice fdp.exe');

    // Shown: now nothing may have run, nor asked the sender's server for anything.
    expect(await pwned(page)).toEqual(before);
    expect(requested).toEqual([]);
    expect(stoppedLoadsAndScripts(console)).toEqual([]);

    // Read on opening, in the app too.
    const listed = (await callFrom(page, served, 'mail.conversations', {})) as Array<{
      id: string;
      subject: string;
    }>;
    const conversationId = listed.find((item) => item.subject === HOSTILE_SUBJECT)!.id;
    await until('the conversation read in the app', async () => {
      const view = (await callFrom(page, served, 'mail.conversation', { conversationId })) as {
        messages: Array<{ unread: boolean }>;
      };
      return view.messages.every((message) => !message.unread);
    });

    // Downloaded (never opened: an executable), as bytes, under a name that cannot mislead.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      attachments.getByRole('button', { name: 'Download invoice fdp.exe' }).click(),
    ]);
    expect(download.suggestedFilename()).not.toContain('\u202E');
    expect(download.suggestedFilename()).toMatch(/exe$/);
    expect(Buffer.compare(await readFile(await download.path()), ATTACHMENT)).toBe(0);
    await expect(attachments.getByRole('button', { name: /^Open / }).count()).resolves.toBe(0);

    // The contact and their other conversation, which opens from there.
    const show = region.getByRole('button', { name: 'Show contact panel' });
    if (await show.count()) await show.click();
    const panel = page.getByRole('complementary', { name: 'Contact' });
    await panel.getByText('judy@customer.example').waitFor();
    await saveScreenshot(page, 'conversation-host-light');
    await panel.getByRole('button', { name: new RegExp(OLDER_SUBJECT) }).click();
    await until(
      'the older conversation open',
      async () => (await region.getByRole('heading', { level: 2 }).textContent()) === OLDER_SUBJECT,
    );
    await region.getByText('Where is my parcel?').waitFor();
    expect(requested).toEqual([]);
    await page.context().close();
  });

  it('shows the hostile mail’s HTML, read from Dovecot through mail.message, in its frame under the host’s policy: no script, no remote load until shown, then its images and nothing else', async () => {
    const { page, console } = await openPage(served);
    const before = await pwned(page);
    await openConversation(page, HOSTILE_SUBJECT);
    const TITLE = 'Message from Judy Alvarez';
    const frameElement = page.getByTitle(TITLE);
    await frameElement.waitFor();
    expect(await frameElement.getAttribute('sandbox')).not.toContain('allow-scripts');
    const frame = page.frameLocator('iframe[title="Message from Judy Alvarez"]');
    const text = frame.locator('#hostile-text');
    await text.waitFor();
    // The mail's own CSS applies (adopted from the page under the app's CSP, which refuses inline
    // styles), and the frame is as tall as the mail: both done from outside the frame.
    await until(
      'the mail styled',
      async () =>
        (await inFrame(
          page,
          TITLE,
          `getComputedStyle(doc.getElementById('hostile-text')).color`,
        )) === 'rgb(34, 34, 34)',
    );
    await until(
      'the frame sized to the mail',
      async () => ((await frameElement.boundingBox())?.height ?? 0) > 120,
    );
    // The frame took the text's place: the text shown meanwhile is gone.
    await until(
      'the text swapped for the frame',
      async () => (await page.locator('.message-body[data-pending]').count()) === 0,
    );

    expect(await pwned(page)).toEqual(before);
    expect(requested).toEqual([]);
    // The sanitizer left nothing for the browser to refuse: no script blocked, no load refused.
    expect(stoppedLoadsAndScripts(console)).toEqual([]);
    const link = frame.locator('#web-link');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await frame.locator('#js-link').getAttribute('href')).toBeNull();
    await saveScreenshot(page, 'conversation-hostile-blocked');

    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await until(
      'the sender’s images asked for',
      () => requested.includes('/pixel.gif') && requested.includes('/background.gif'),
    );
    await until('the image shown', () =>
      inFrame(
        page,
        TITLE,
        `doc.getElementById('pixel').complete && doc.getElementById('pixel').naturalWidth === 1`,
      ),
    );
    // Still no script; nothing but images asked of the sender's server.
    expect(await pwned(page)).toEqual(before);
    expect(requested.filter((path) => !IMAGES.has(path))).toEqual([]);
    await page.context().close();
  });

  it('tells the team’s activity and notes beside a newsletter’s HTML, light and dark (screenshots)', async () => {
    const { page, console } = await openPage(served);
    const listed = await until('the newsletter listed', async () =>
      (
        (await callFrom(page, served, 'mail.conversations', {})) as Array<{
          id: string;
          subject: string;
        }>
      ).find((item) => item.subject === NEWSLETTER_SUBJECT),
    );
    const conversationId = listed.id;
    // Opened first: what the team does then shows in it as it happens.
    await openConversation(page, NEWSLETTER_SUBJECT);
    await callFrom(page, served, 'triage.assign', { conversationId, to: 'me' });
    await callFrom(page, served, 'triage.tag', { conversationId, add: ['Marketing'] });
    await callFrom(page, served, 'triage.note', {
      conversationId,
      text: 'Not a customer question: their newsletter. Closing it after the campaign review.',
    });
    await callFrom(page, served, 'triage.setStatus', { conversationId, status: 'pending' });
    const asked = requested.length;
    const region = page.getByRole('region', { name: 'Conversation' });
    for (const line of ['Self-assigned by you', 'Tagged Marketing by you', 'Marked pending by you'])
      await region.getByText(line).waitFor();
    await region
      .getByText('Not a customer question: their newsletter.', { exact: false })
      .waitFor();
    const TITLE = 'Message from Northwind Outfitters';
    const frame = page.frameLocator(`iframe[title="${TITLE}"]`);
    await frame.getByText('The spring collection is here').waitFor();
    await region.getByText('Remote images are blocked').waitFor();
    await until(
      'the frame sized',
      async () => ((await page.getByTitle(TITLE).boundingBox())?.height ?? 0) > 300,
    );
    // A teammate's change while it is open: the timeline says it at once.
    await callFrom(page, served, 'triage.assign', { conversationId, to: 'none' });
    await region.getByText('Unassigned by you').waitFor();
    expect(requested.length).toBe(asked);
    expect(stoppedLoadsAndScripts(console)).toEqual([]);
    await saveScreenshot(page, 'conversation-newsletter-light');
    await scrollToEnd(page);
    await saveScreenshot(page, 'conversation-newsletter-light-end');
    await page.context().close();

    const dark = await openPage(served, '/', 'dark');
    await dark.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Pending', exact: true })
      .click();
    await openConversation(dark.page, NEWSLETTER_SUBJECT);
    await dark.page
      .frameLocator(`iframe[title="${TITLE}"]`)
      .getByText('The spring collection is here')
      .waitFor();
    await dark.page.getByText('Unassigned by you').waitFor();
    await until(
      'the frame sized',
      async () => ((await dark.page.getByTitle(TITLE).boundingBox())?.height ?? 0) > 300,
    );
    expect(stoppedLoadsAndScripts(dark.console)).toEqual([]);
    await saveScreenshot(dark.page, 'conversation-newsletter-dark');
    await scrollToEnd(dark.page);
    await saveScreenshot(dark.page, 'conversation-newsletter-dark-end');
    await dark.page.context().close();
  });

  it('looks right with a conversation open, light and dark (screenshots)', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      for (const screen of ['conversation', 'conversation-html'] as const) {
        const { page, console } = await openPage(preview, `/?screen=${screen}`, scheme);
        const region = page.getByRole('region', { name: 'Conversation' });
        await region.getByRole('article').first().waitFor();
        if (screen === 'conversation') {
          await expect(page.getByLabel('Teammates here').textContent()).resolves.toBe(
            'Bo Chen and Carmen Ruiz are here',
          );
          await region.getByText('Carmen Ruiz is replying').waitFor();
        } else {
          const frame = page.frameLocator('iframe[title="Message from Judy Alvarez"]');
          await frame.getByText('Your refund is on its way').waitFor();
          await until(
            'the frame sized',
            async () =>
              ((await page.getByTitle('Message from Judy Alvarez').boundingBox())?.height ?? 0) >
              200,
          );
        }
        expect(stoppedLoadsAndScripts(console)).toEqual([]);
        await saveScreenshot(page, `${screen}-${scheme}`);
        await page.context().close();
      }
    }
  });
});
