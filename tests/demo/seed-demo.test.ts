import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '../../src/accounts/account-store.js';
import { parseServerUrl } from '../../src/accounts/server-url.js';
import type { AppEvent } from '../../src/app/contract/events.js';
import { openCache } from '../../src/app/open-cache.js';
import { openSwitchboard, type Switchboard } from '../../src/app/open-switchboard.js';
import type { SecretStore } from '../../src/app/platform.js';
import { seedDemo, type SeedDemoResult } from '../../src/demo/seed-demo.js';
import { isUserError } from '../../src/errors.js';
import { until } from '../helpers/wait.js';

/*
 * The demo workspace (src/demo/) seeded into a fresh data directory, then read and used through
 * the app's door as the browser host will: its mail listed, threaded and searched, the team's
 * work on it in every view, and its mailboxes, which have no server, never reaching for one.
 */

const NOW = Date.parse('2026-03-02T09:00:00Z');
const clock = { now: () => NOW };
const NO_SECRETS: SecretStore = { resolve: () => undefined, readsEnvironment: false };
const MAYA = 'maya@acme.example';

let root: string;
let dataDir: string;
let seeded: SeedDemoResult;
let app: Switchboard;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchboard-demo-'));
  dataDir = join(root, 'demo');
  seeded = await seedDemo({ dataDir, clock });
  app = await openSwitchboard({ dataDir, secrets: NO_SECRETS, clock });
});

afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

/** The featured conversation: the newest, Nora Lindqvist's calendar sync report. */
async function featured() {
  const [newest] = await app.mail.conversations({ limit: 1 });
  return app.mail.conversation({ conversationId: newest!.id });
}

describe('the demo workspace, read through the facade', () => {
  it('lists its 200 conversations, each of its messages threaded into its own', async () => {
    expect(seeded).toMatchObject({ seeded: true, conversations: 200 });
    const all = await app.mail.conversations({});
    expect(all).toHaveLength(200);
    // Threading neither split a conversation nor joined two: every message is in one of them.
    expect(all.reduce((sum, c) => sum + c.messageCount, 0)).toBe(seeded.messages);
    expect(Math.max(...all.map((c) => c.messageCount))).toBeGreaterThanOrEqual(6);
    const accounts = await app.accounts.list();
    expect(accounts.map((a) => [a.name, a.email])).toEqual([
      ['Acme Support', 'support@acme.example'],
      ['Acme Sales', 'sales@acme.example'],
    ]);
    for (const account of accounts)
      expect((await app.mail.conversations({ account: account.email })).length).toBeGreaterThan(20);
  });

  it('spans the three weeks before its clock, read and unread, starred and archived', async () => {
    const all = await app.mail.conversations({});
    const times = all.map((c) => Date.parse(c.lastMessageAt));
    expect(Math.max(...times)).toBeLessThan(NOW);
    expect(Math.min(...times)).toBeGreaterThan(NOW - 22 * 24 * 3600_000);
    const unread = all.filter((c) => c.unread).length;
    expect(unread).toBeGreaterThan(5);
    expect(unread).toBeLessThan(100);
    expect((await app.mail.search({ query: 'is:flagged' })).hits.length).toBeGreaterThan(3);
    expect((await app.mail.conversations({ folder: 'Archive' })).length).toBeGreaterThan(5);
    const folders = await app.mail.folders({});
    expect(folders.filter((f) => f.role === 'sent').every((f) => f.messages > 0)).toBe(true);
  });

  it('fills every view: each status, mine, unassigned, a teammate, a tag', async () => {
    for (const status of ['open', 'pending', 'snoozed', 'closed'] as const)
      expect((await app.mail.conversations({ status })).length, status).toBeGreaterThan(0);
    const mine = await app.mail.conversations({ assignee: 'me' });
    expect(mine.length).toBeGreaterThan(10);
    expect(mine.every((c) => c.assignee === MAYA)).toBe(true);
    expect((await app.mail.conversations({ assignee: 'none' })).length).toBeGreaterThan(0);
    const sams = await app.mail.conversations({ assignee: { email: 'sam@acme.example' } });
    expect(sams.length).toBeGreaterThan(10);
    expect((await app.mail.conversations({ tag: 'Bug' })).length).toBeGreaterThan(5);
    // "Replied by": the team's replies are recorded in the team state, by who sent them.
    const repliers = new Set((await app.mail.conversations({})).map((c) => c.lastReply?.by));
    expect(repliers).toContain('sam@acme.example');
    expect(repliers).toContain(MAYA);
  });

  it('has the team: four members, coloured tags, canned responses with variables', async () => {
    const members = await app.team.members();
    expect(members.map((m) => [m.name, m.role]).sort()).toEqual([
      ['Lucas Moreau', 'agent'],
      ['Maya Chen', 'admin'],
      ['Priya Raman', 'admin'],
      ['Sam Okafor', 'agent'],
    ]);
    expect(await app.session.whoami()).toMatchObject({ email: MAYA });
    const tags = await app.team.tags();
    expect(tags.find((t) => t.name === 'Bug')?.color).toBe('#dc2626');
    expect(new Set(tags.map((t) => t.color)).size).toBe(tags.length);
    const canned = await app.canned.list();
    expect(canned.length).toBeGreaterThanOrEqual(5);
    expect(canned.every((c) => c.text.includes('{{contact.firstName}}'))).toBe(true);
    // Everything made while seeding reached the team server: nothing waits to be sent.
    expect((await app.team.status()).unconfirmed).toBe(0);
  });

  it('has a conversation with messages, an attachment, notes mentioning the user', async () => {
    const conversation = await featured();
    expect(conversation.subject).toMatch(/calendar/i);
    expect(conversation.assignee).toBe(MAYA);
    expect(conversation.messages.map((m) => m.from)).toEqual([
      'Nora Lindqvist <nora.lindqvist@fjordline.example>',
      'Acme Support <support@acme.example>',
      'Nora Lindqvist <nora.lindqvist@fjordline.example>',
    ]);
    expect(conversation.messages[2]!.unread).toBe(true);
    expect(conversation.messages[1]!.folders).toEqual(['Sent']);
    const note = conversation.notes.find((n) => n.author === 'sam@acme.example');
    expect(note?.mentions).toEqual([MAYA]);
    const [file] = conversation.messages[2]!.attachments;
    expect(file).toMatchObject({ filename: 'screenshot.png', contentType: 'image/png' });
    // Its bytes are in the data directory: no server is asked.
    const bytes = await app.mail.attachment({ attachmentId: file!.id });
    expect(Buffer.from(bytes.contentBase64, 'base64').subarray(0, 4).toString('latin1')).toBe(
      '\x89PNG',
    );
    expect(bytes.size).toBe(file!.size);
  });

  it('is searched like any mail: a customer by name, operators, notes', async () => {
    const found = await app.mail.search({ query: 'Lindqvist' });
    expect(found.hits.map((hit) => hit.subject)).toEqual([(await featured()).subject]);
    const from = await app.mail.search({ query: 'from:nora.lindqvist@fjordline.example' });
    expect(from.hits).toHaveLength(1);
    expect((await app.mail.search({ query: 'has:attachment' })).hits.length).toBeGreaterThan(3);
    const notes = await app.mail.search({ query: 'in:notes fix' });
    expect(notes.hits.length).toBeGreaterThan(0);
    expect(notes.hits.every((hit) => hit.kind === 'note')).toBe(true);
  });
});

describe("the demo's mailboxes, which have no server", () => {
  let listener: Server;
  let connections = 0;

  beforeAll(async () => {
    // Where the accounts would reach their server, if anything tried.
    listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as AddressInfo;
    for (const account of await app.accounts.list())
      await app.accounts.edit({
        account: account.id,
        imapUrl: `imap://${encodeURIComponent(account.email)}@127.0.0.1:${port}`,
      });
  });

  afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

  it('are never connected to by sync.runOnce, which syncs the team all the same', async () => {
    const result = await app.sync.runOnce();
    expect(result.team).not.toBeNull();
    expect(result.failures).toEqual([]);
    expect(result.accounts).toEqual([]);
    expect(connections).toBe(0);
  });

  it('are never connected to by the running sync', async () => {
    const events: AppEvent[] = [];
    const stop = app.subscribe((event) => events.push(event));
    try {
      await app.sync.start();
      // The team half has exchanged: the mail half had every chance to connect by then.
      await until('the running sync to exchange with the team', () =>
        events.some((event) => event.type === 'sync.team'),
      );
    } finally {
      await app.sync.stop();
      stop();
    }
    expect(events.filter((event) => event.type === 'sync.failed')).toEqual([]);
    expect(connections).toBe(0);
  });

  it('answer a connection test without connecting: there is no server', async () => {
    const [account] = await app.accounts.list();
    const test = await app.accounts.testConnection({ account: account!.id });
    expect(test.imap).toMatchObject({ ok: false, code: 'invalid' });
    expect(test.imap.ok === false && test.imap.message).toMatch(/local mailbox/);
    expect(connections).toBe(0);
  });

  it('take mail actions at once and for good, queueing nothing for a server', async () => {
    const conversation = await featured();
    const id = conversation.id;
    // Nora's screenshot was the one message not read yet.
    expect(await app.mail.mark({ conversationId: id, action: 'read' })).toEqual({
      action: 'read',
      updated: 1,
      unchanged: 2,
    });
    expect((await app.mail.mark({ conversationId: id, action: 'flag' })).updated).toBeGreaterThan(
      0,
    );
    expect((await app.mail.conversations({ limit: 1 }))[0]).toMatchObject({ id, unread: false });
    await app.mail.mark({ conversationId: id, action: 'archive' });
    const archived = await app.mail.conversation({ conversationId: id });
    expect(archived.messages.map((m) => m.folders)).toEqual([['Archive'], ['Sent'], ['Archive']]);
    expect((await app.mail.search({ query: 'is:flagged Lindqvist' })).hits).toHaveLength(1);

    const db = openCache(dataDir);
    try {
      expect(db.prepare('SELECT count(*) FROM pending_actions').pluck().get()).toBe(0);
      // Archived copies are numbered by the folder itself, not placeholders awaiting a server.
      const uids = db
        .prepare(
          `SELECT l.uid FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id
           JOIN messages m ON m.id = l.message_id WHERE m.conversation_id = ? AND mb.path = 'Archive'`,
        )
        .pluck()
        .all(id) as number[];
      expect(uids).toHaveLength(2);
      expect(uids.every((uid) => uid > 0)).toBe(true);
    } finally {
      db.close();
    }
    // A sync changes none of it (there is nothing to write back, nor to read back).
    await app.sync.runOnce();
    expect((await app.mail.conversation({ conversationId: id })).messages).toMatchObject([
      { unread: false, folders: ['Archive'] },
      { unread: false, folders: ['Sent'] },
      { unread: false, folders: ['Archive'] },
    ]);
    // Trash, then trash again: gone for good, from search too.
    await app.mail.mark({ conversationId: id, action: 'trash' });
    await app.mail.mark({ conversationId: id, action: 'trash' });
    expect((await app.mail.search({ query: 'Lindqvist' })).hits).toEqual([]);
    expect(connections).toBe(0);
  });
});

describe('seeding', () => {
  it('does nothing on a data directory it seeded before', async () => {
    const before = await app.mail.conversations({});
    const again = await seedDemo({ dataDir, clock });
    expect(again).toMatchObject({ seeded: false, conversations: 200 });
    expect(await app.mail.conversations({})).toEqual(before);
    expect(await app.accounts.list()).toHaveLength(2);
  });

  it('refuses a data directory that holds other mail', async () => {
    const other = join(root, 'real');
    const db = openCache(other);
    addAccount(db, {
      name: 'Support',
      email: 'support@example.com',
      imap: parseServerUrl('imap://support@imap.example.com', 'imap'),
    });
    db.close();
    const refused = await seedDemo({ dataDir: other, clock }).catch((error: unknown) => error);
    expect(isUserError(refused, 'conflict')).toBe(true);
  });
});
