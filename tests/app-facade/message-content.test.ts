import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView, MessageContent } from '../../src/app/contract/outputs.js';
import { openSwitchboard, type Switchboard } from '../../src/app/open-switchboard.js';
import type { SecretStore } from '../../src/app/platform.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { freePort } from '../helpers/free-port.js';
import { customerMail } from '../team/support/customer-mail.js';
import { openSyncedFacade, type SyncedFacade } from './support/synced-facade.js';

/*
 * mail.message: a message in full, its HTML included, which the sync never downloads. Against
 * the private Dovecot: a newsletter's HTML with its inline image, read from the server once and
 * from the data directory's store after that (the server gone); a plain mail answered from the
 * cache without asking any server; a mail whose server cannot be reached refused with the reason
 * while its conversation still shows its text. And a demo's local mailbox, which has no server:
 * its HTML mail read from what the demo filed.
 */

const USER = 'support';
/** A 1×1 PNG, the newsletter's inline logo. */
const LOGO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A newsletter as mail clients send one: text and HTML alternatives, the HTML with its logo. */
function newsletter(): string {
  return [
    'Message-ID: <spring@news.example>',
    'From: Northwind News <news@news.example>',
    'To: support@example.com',
    'Subject: Spring collection',
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'SPRING COLLECTION. Our spring collection is here.',
    '--alt',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><body><img src="cid:logo@news.example" alt="Northwind"><h1 style="color:#0b6e4f">Spring collection</h1><p>Our spring collection is <b>here</b>.</p></body></html>',
    '--rel',
    'Content-Type: image/png',
    'Content-ID: <logo@news.example>',
    'Content-Transfer-Encoding: base64',
    '',
    LOGO.toString('base64'),
    '--rel--',
    '--alt--',
    '',
  ].join('\r\n');
}

/** An HTML-only mail (no text alternative): the cache's text is its HTML as text. */
function shipped(): string {
  return [
    'Message-ID: <shipped@shop.example>',
    'From: Shop <orders@shop.example>',
    'To: support@example.com',
    'Subject: Your order shipped',
    'Date: Tue, 03 Mar 2026 11:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><body><p>Your order <b>#48213</b> shipped today.</p></body></html>',
    '',
  ].join('\r\n');
}

let dovecot: Dovecot;
let t: SyncedFacade;
const ids = { spring: '', shipped: '', plain: '' };

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  await appendMessage(dovecot, USER, 'INBOX', newsletter());
  await appendMessage(dovecot, USER, 'INBOX', shipped());
  await appendMessage(dovecot, USER, 'INBOX', customerMail('plain@customer.example', 'Plain'));
  t = await openSyncedFacade(dovecot, USER);
  const listed = await t.app.mail.conversations({});
  const id = (subject: string) => listed.find((row) => row.subject === subject)!.id;
  ids.spring = id('Spring collection');
  ids.shipped = id('Your order shipped');
  ids.plain = id('Plain');
}, 60_000);

afterAll(async () => {
  await t?.close();
  await dovecot?.stop();
});

/** The conversation's one message, as mail.conversation lists it. */
async function only(conversationId: string) {
  const view = await t.result<ConversationView>('mail.conversation', { conversationId });
  expect(view.messages).toHaveLength(1);
  return view.messages[0]!;
}

/** The account pointed at a port nobody listens on: its server unreachable from now on. */
async function loseTheServer(): Promise<void> {
  await t.app.accounts.edit({
    account: t.account.id,
    imapUrl: `imap://${USER}@127.0.0.1:${await freePort()}`,
  });
}

describe('mail.message', () => {
  it('reads a message’s HTML from its server, inline images included, then from the store', async () => {
    const spring = await only(ids.spring);
    expect(spring).toMatchObject({
      hasHtml: true,
      text: expect.stringContaining('SPRING') as unknown,
    });
    expect(spring.id).toBeGreaterThan(0);
    expect((await only(ids.shipped)).hasHtml).toBe(true);
    expect((await only(ids.plain)).hasHtml).toBe(false);

    const read = await t.result<MessageContent>('mail.message', { messageId: spring.id });
    expect(read.id).toBe(spring.id);
    expect(read.html).toContain('<h1 style="color:#0b6e4f">Spring collection</h1>');
    expect(read.html).toContain(`src="data:image/png;base64,${LOGO.toString('base64')}"`);
    expect(read.html).not.toContain('cid:');
    expect(read.text).toContain('Our spring collection is here.');

    // Kept: with the server gone, the same answer.
    await loseTheServer();
    expect(await t.result('mail.message', { messageId: spring.id })).toEqual(read);
  });

  it('answers a plain mail from the cache, asking no server', async () => {
    const plain = await only(ids.plain);
    expect(plain.text).toContain('About Plain.');
    expect(await t.result('mail.message', { messageId: plain.id })).toEqual({
      id: plain.id,
      html: null,
      text: plain.text,
    });
  });

  it('says why when the server cannot be reached, and the conversation still shows the text', async () => {
    const message = await only(ids.shipped);
    expect(await t.call('mail.message', { messageId: message.id })).toEqual({
      ok: false,
      error: {
        code: 'unreachable',
        message: expect.stringMatching(/127\.0\.0\.1:\d+/) as unknown,
      },
    });
    expect((await only(ids.shipped)).text).toContain('Your order #48213 shipped today.');
  });

  it('refuses an unknown or malformed id, naming the field', async () => {
    expect(await t.call('mail.message', { messageId: 999_999 })).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'messageId' },
    });
    expect(await t.call('mail.message', { messageId: 'one' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'messageId' },
    });
  });
});

describe('mail.message in the demo (local mailboxes, no server)', () => {
  const NO_SECRETS: SecretStore = { resolve: () => undefined, readsEnvironment: false };
  let root: string;
  let demo: Switchboard;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'switchboard-demo-message-'));
    const dataDir = join(root, 'demo');
    await seedDemo({ dataDir, clock: { now: () => Date.now() }, conversations: 30 });
    demo = await openSwitchboard({ dataDir, secrets: NO_SECRETS });
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('reads the HTML the demo filed, and tells the team’s activity on its conversations', async () => {
    const views = await Promise.all(
      (await demo.mail.conversations({})).map((row) =>
        demo.mail.conversation({ conversationId: row.id }),
      ),
    );
    const messages = views.flatMap((view) => view.messages);
    const html = messages.find((message) => message.hasHtml === true)!;
    const plain = messages.find((message) => message.hasHtml === false)!;
    expect(html).toBeDefined();
    expect(plain).toBeDefined();

    const read = await demo.mail.message({ messageId: html.id });
    expect(read.html).toMatch(
      /^<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px">/,
    );
    expect(read.html).toContain('<p>');
    expect(await demo.mail.message({ messageId: plain.id })).toEqual({
      id: plain.id,
      html: null,
      text: plain.text,
    });

    // The demo's teammates assigned and replied: said by name, in the demo's solo workspace.
    const assigned = views
      .flatMap((view) => view.activity)
      .find((entry) => entry.kind === 'assigned' && entry.assignee !== null);
    expect(assigned).toMatchObject({
      actor: expect.stringMatching(/@/) as unknown,
      actorName: expect.stringMatching(/^\S+ \S+/) as unknown,
      assigneeName: expect.stringMatching(/^\S+ \S+/) as unknown,
    });
  });
});
