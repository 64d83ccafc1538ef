import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView, Folder } from '../../src/app/contract/outputs.js';
import { appendMessage, createFolder, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { freePort } from '../helpers/free-port.js';
import { customerMail } from '../team/support/customer-mail.js';
import {
  mailWithAttachment,
  openSyncedFacade,
  REPORT,
  type SyncedFacade,
} from './support/synced-facade.js';

/*
 * The mail methods of the facade (mail.*), through the dispatcher as a front end calls them,
 * against a real Dovecot mailbox synced by the real sync: valid input, input refused naming the
 * field, errors of the core mapped to their codes, and the events a change emits.
 */

const USER = 'support';
const BROKEN = 'Broken';

let dovecot: Dovecot;
let t: SyncedFacade;
let refund: string;
let report: string;

const brokenDir = () => join(dovecot.maildir(USER), `.${BROKEN}`);

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  await appendMessage(
    dovecot,
    USER,
    'INBOX',
    customerMail('refund@customer.example', 'Refund 1001'),
  );
  await appendMessage(
    dovecot,
    USER,
    'INBOX',
    mailWithAttachment('report@customer.example', 'Monthly report'),
  );
  // A folder the server cannot open (its Maildir unreadable for the mail processes: SELECT
  // answers NO), so that the sync records its failure on the folder.
  await createFolder(dovecot, USER, BROKEN);
  await appendMessage(dovecot, USER, BROKEN, customerMail('hidden@customer.example', 'Hidden'));
  await chmod(brokenDir(), 0);
  t = await openSyncedFacade(dovecot, USER);
  const listed = await t.app.mail.conversations({});
  refund = listed.find((item) => item.subject === 'Refund 1001')!.id;
  report = listed.find((item) => item.subject === 'Monthly report')!.id;
}, 60_000);

afterAll(async () => {
  if (dovecot) await chmod(brokenDir(), 0o700).catch(() => undefined);
  await t?.close();
  await dovecot?.stop();
});

describe('mail.folders', () => {
  it('lists every folder with its counts and what its last sync ran into', async () => {
    const folders = await t.result<Folder[]>('mail.folders', {});
    expect(folders.find((folder) => folder.path === 'INBOX')).toEqual({
      accountId: t.account.id,
      path: 'INBOX',
      name: 'INBOX',
      role: 'inbox',
      messages: 2,
      unread: 2,
      syncError: null,
    });
    const broken = folders.find((folder) => folder.path === BROKEN);
    expect(broken?.syncError).toMatch(/\S/);
    // By the account's address too.
    expect(await t.result('mail.folders', { account: t.account.email })).toEqual(folders);
  });

  it('refuses an unknown account, and input that is not an account', async () => {
    expect(await t.call('mail.folders', { account: 'nobody@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'unknown account: nobody@example.com' },
    });
    expect(await t.call('mail.folders', { account: 7 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'account' },
    });
  });
});

describe('mail.conversations', () => {
  it('lists the conversations newest first, with every filter', async () => {
    const all = await t.result<Array<{ id: string; subject: string; unread: boolean }>>(
      'mail.conversations',
      {},
    );
    expect(all.map((item) => item.subject).sort()).toEqual(['Monthly report', 'Refund 1001']);
    expect(all.every((item) => item.unread)).toBe(true);
    expect(await t.result('mail.conversations', { limit: 1 })).toHaveLength(1);
    expect(
      await t.result('mail.conversations', { account: t.account.email, folder: 'inbox' }),
    ).toEqual(all);
    expect(await t.result('mail.conversations', { status: 'open' })).toEqual(all);
    expect(await t.result('mail.conversations', { assignee: 'none' })).toEqual(all);
    // Nothing is assigned to anyone yet, and asking creates no workspace.
    expect(await t.result('mail.conversations', { assignee: 'me' })).toEqual([]);
    expect(await t.result('mail.conversations', { tag: 'urgent' })).toEqual([]);
    expect(await t.result('session.whoami')).toMatchObject({ memberId: null, solo: true });
  });

  it('refuses input the contract does not take, naming the field', async () => {
    for (const [params, field] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 10_001 }, 'limit'],
      [{ status: 'done' }, 'status'],
      [{ assignee: 'someone' }, 'assignee'],
      [{ assignee: { email: 'ana@example.com', memberId: 'm1' } }, 'assignee.memberId'],
      [{ folder: '' }, 'folder'],
      [{ sort: 'oldest' }, 'sort'],
    ] as const)
      expect(await t.call('mail.conversations', params), JSON.stringify(params)).toMatchObject({
        ok: false,
        error: { code: 'invalid', field },
      });
  });

  it('says what the core cannot find', async () => {
    expect(await t.call('mail.conversations', { folder: 'Nowhere' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'no such folder: Nowhere' },
    });
    expect(await t.call('mail.conversations', { account: 'nobody@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});

describe('mail.conversation', () => {
  it('shows a conversation with its messages, attachments (with their ids) and notes', async () => {
    const shown = await t.result<ConversationView>('mail.conversation', { conversationId: report });
    expect(shown).toMatchObject({
      id: report,
      subject: 'Monthly report',
      status: 'open',
      assignee: null,
      tags: [],
      notes: [],
    });
    expect(shown.messages).toHaveLength(1);
    expect(shown.messages[0]).toMatchObject({
      from: 'Ana <ana@customer.example>',
      folders: ['INBOX'],
      attachments: [{ filename: 'report.bin', contentType: 'application/octet-stream' }],
    });
    expect(shown.messages[0]!.attachments[0]!.id).toBeGreaterThan(0);
    expect(shown.messages[0]!.text).toContain('The report is attached.');
  });

  it('refuses a missing or malformed id, and says when a conversation is unknown', async () => {
    expect(await t.call('mail.conversation', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'conversationId' },
    });
    expect(await t.call('mail.conversation', { conversationId: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'conversationId' },
    });
    expect(await t.call('mail.conversation', { conversationId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'unknown conversation: nope' },
    });
  });
});

describe('mail.search', () => {
  it('finds mail by its words and operators, and says whether results were cut', async () => {
    expect(await t.result('mail.search', { query: 'refund' })).toEqual({
      hits: [expect.objectContaining({ conversationId: refund, subject: 'Refund 1001' })],
      cut: null,
    });
    expect(await t.result('mail.search', { query: 'has:attachment' })).toMatchObject({
      hits: [{ conversationId: report }],
    });
    expect(
      await t.result('mail.search', { query: 'from:customer.example', limit: 1 }),
    ).toMatchObject({
      hits: [expect.anything()],
      cut: { reason: 'limit', shown: 1 },
    });
    expect(await t.result('mail.search', { query: 'nonexistentword' })).toEqual({
      hits: [],
      cut: null,
    });
  });

  it('refuses an empty query or a wrong limit, naming the field', async () => {
    expect(await t.call('mail.search', { query: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'query' },
    });
    expect(await t.call('mail.search', { query: 'refund', limit: '5' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'limit' },
    });
  });
});

describe('mail.mark', () => {
  it("applies an action to the cache at once and tells listeners the conversation changed ('local')", async () => {
    const before = t.events.length;
    expect(await t.result('mail.mark', { conversationId: refund, action: 'read' })).toEqual({
      action: 'read',
      updated: 1,
      unchanged: 0,
    });
    expect(t.events.slice(before)).toEqual([
      { type: 'conversations.changed', conversationIds: [refund], source: 'local' },
    ]);
    const listed = await t.app.mail.conversations({});
    expect(listed.find((item) => item.id === refund)?.unread).toBe(false);

    // Already read: nothing changed, so nothing is said; the next change is (the positive
    // signal that the stream still works, after which the absence above counts).
    expect(await t.result('mail.mark', { conversationId: refund, action: 'read' })).toEqual({
      action: 'read',
      updated: 0,
      unchanged: 1,
    });
    expect(await t.result('mail.mark', { conversationId: refund, action: 'flag' })).toMatchObject({
      updated: 1,
    });
    expect(t.events.slice(before)).toEqual([
      { type: 'conversations.changed', conversationIds: [refund], source: 'local' },
      { type: 'conversations.changed', conversationIds: [refund], source: 'local' },
    ]);
  });

  it('refuses an unknown action, a move without its folder, and an unknown conversation', async () => {
    expect(await t.call('mail.mark', { conversationId: refund, action: 'shred' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'action' },
    });
    expect(await t.call('mail.mark', { conversationId: refund, action: 'move' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'folder' },
    });
    expect(
      await t.call('mail.mark', { conversationId: refund, action: 'move', folder: 'Nowhere' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'no such folder: Nowhere', field: 'folder' },
    });
    expect(await t.call('mail.mark', { conversationId: 'nope', action: 'read' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'conversationId' },
    });
  });
});

describe('mail.attachment', () => {
  const attachmentId = async () =>
    (await t.app.mail.conversation({ conversationId: report })).messages[0]!.attachments[0]!.id;

  it('returns the bytes of a real attachment, fetched from the server', async () => {
    const attachment = await t.result<{
      filename: string;
      contentType: string;
      size: number;
      contentBase64: string;
    }>('mail.attachment', { attachmentId: await attachmentId() });
    expect(attachment).toMatchObject({
      filename: 'report.bin',
      contentType: 'application/octet-stream',
      size: REPORT.length,
    });
    expect(Buffer.from(attachment.contentBase64, 'base64').equals(REPORT)).toBe(true);
  });

  it('opens an attachment fetched before without the server (offline)', async () => {
    const id = await attachmentId();
    await t.result('mail.attachment', { attachmentId: id });
    // The server cannot be reached any more: a port nothing listens on.
    const closed = await freePort();
    await t.result('accounts.edit', {
      account: t.account.id,
      imapUrl: `imap://${USER}@${dovecot.host}:${closed}`,
    });
    try {
      const again = await t.result<{ contentBase64: string }>('mail.attachment', {
        attachmentId: id,
      });
      expect(Buffer.from(again.contentBase64, 'base64').equals(REPORT)).toBe(true);
    } finally {
      await t.result('accounts.edit', { account: t.account.id, imapUrl: t.account.imapUrl });
    }
  });

  it('refuses an id that is not one, and says when an attachment is unknown', async () => {
    expect(await t.call('mail.attachment', { attachmentId: '1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'attachmentId' },
    });
    expect(await t.call('mail.attachment', { attachmentId: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'attachmentId' },
    });
    expect(await t.call('mail.attachment', { attachmentId: 999_999 })).toMatchObject({
      ok: false,
      error: { code: 'not-found', field: 'attachmentId' },
    });
  });
});
