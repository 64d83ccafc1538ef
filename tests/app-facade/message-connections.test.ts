import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView, MessageContent } from '../../src/app/contract/outputs.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { openSyncedFacade, type SyncedFacade } from './support/synced-facade.js';

/*
 * The IMAP connection mail.message reads over (src/imap/imap-connection-pool.ts): kept from one
 * message opened to the next, so that reading mail after mail is one login, not one each; one
 * the network dropped is replaced at the next message; the app's close logs it out. Against the
 * private Dovecot, through a TCP proxy that sees what the app sends and can cut it off.
 */

const USER = 'support';

function htmlMail(n: number): string {
  return [
    `Message-ID: <letter-${n}@news.example>`,
    'From: Northwind News <news@news.example>',
    'To: support@example.com',
    `Subject: Letter ${n}`,
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><body><p>Letter <b>${n}</b></p></body></html>`,
    '',
  ].join('\r\n');
}

let dovecot: Dovecot;
let proxy: TcpProxy;
let t: SyncedFacade;
const messageIds: number[] = [];

/** The logins the app sent through the proxy so far (LOGIN, or AUTHENTICATE). */
const logins = () => proxy.clientText().match(/^\S+ (LOGIN|AUTHENTICATE) /gm)?.length ?? 0;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  for (const n of [1, 2, 3]) await appendMessage(dovecot, USER, 'INBOX', htmlMail(n));
  t = await openSyncedFacade(dovecot, USER);
  for (const row of await t.app.mail.conversations({})) {
    const view = await t.result<ConversationView>('mail.conversation', { conversationId: row.id });
    messageIds.push(...view.messages.map((message) => message.id));
  }
  proxy = await startTcpProxy(dovecot.port);
  await t.app.accounts.edit({
    account: t.account.id,
    imapUrl: `imap://${USER}@127.0.0.1:${proxy.port}`,
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await proxy?.stop();
  await dovecot?.stop();
});

describe('mail.message over the IMAP connection kept for it', () => {
  it('reads message after message over one login', async () => {
    expect(messageIds).toHaveLength(3);
    const [first, second] = messageIds as [number, number];
    const read = (messageId: number) => t.result<MessageContent>('mail.message', { messageId });
    expect((await read(first)).html).toMatch(/Letter <b>[123]<\/b>/);
    expect((await read(second)).html).toMatch(/Letter <b>[123]<\/b>/);
    expect(logins()).toBe(1);
  });

  it('opens another when the network dropped the one kept, and logs out at close', async () => {
    proxy.cutAll();
    const third = messageIds[2]!;
    const read = await t.result<MessageContent>('mail.message', { messageId: third });
    expect(read.html).toMatch(/Letter <b>[123]<\/b>/);
    expect(logins()).toBe(2);
    await t.close();
    await expect.poll(() => /^\S+ LOGOUT\r?$/m.test(proxy.clientText())).toBe(true);
  });
});
