import { chmod } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, startDovecot, withImap, type Dovecot } from '../helpers/dovecot.js';
import {
  cachedUids,
  cacheProblems,
  mailboxes,
  NO_PROBLEMS,
  serverCopies,
  withCache,
} from './support/cache.js';
import {
  addAccount,
  cli,
  listConversations,
  makeDataDir,
  removeDir,
  showConversation,
  syncOnce,
} from './support/cli.js';
import { plainMessage, uniqueMessageId } from './support/mail.js';
import { rawlogSessions, trafficSince } from './support/rawlog.js';

/*
 * `mark … archive` and `mark … trash` on an account whose server has no Archive or Trash folder
 * (a plain server: RFC 6154 special-use folders are optional). The action is applied to the cache
 * at once, offline, into a folder the app names "Archive" / "Trash"; the sync that writes it back
 * creates the folder first, with its special-use attribute where the server offers
 * CREATE-SPECIAL-USE (RFC 6154 §3), and from then on that folder is the account's archive / trash.
 */

const USER = 'support';

const SERVERS = [
  {
    name: 'a plain server (no special-use folders, no CREATE-SPECIAL-USE)',
    options: { specialUse: 'none' as const },
    createSpecialUse: false,
  },
  {
    name: 'a server with CREATE-SPECIAL-USE',
    // Dovecot 2.3 accepts CREATE's USE list without storing it; its special_use setting gives the
    // created folder the attribute, as a server that stores it would.
    options: { specialUse: 'on-create' as const, capabilities: '+CREATE-SPECIAL-USE' },
    createSpecialUse: true,
  },
];

describe.each(SERVERS)('archive and trash on $name', ({ options, createSpecialUse }) => {
  let dovecot: Dovecot;
  let data: string;
  const conversations: Record<'archive' | 'trash' | 'later', { id: string; conversation: string }> =
    {} as never;

  const folderOf = async (key: keyof typeof conversations) =>
    (await showConversation(data, conversations[key].conversation)).messages[0]!.folders;
  const serverFolders = () =>
    withImap(dovecot, USER, async (client) =>
      (await client.list()).map((entry) => entry.path).sort(),
    );
  const mark = async (key: keyof typeof conversations, action: string) => {
    const result = await cli(data, 'mark', conversations[key].conversation, action);
    expect(result).toMatchObject({ code: 0, err: '' });
    return result.out;
  };

  beforeAll(async () => {
    dovecot = await startDovecot({ ...options, rawlog: true });
    for (const [n, key] of (['archive', 'trash', 'later'] as const).entries()) {
      const id = uniqueMessageId(key);
      await appendMessage(
        dovecot,
        USER,
        'INBOX',
        plainMessage({
          from: `Client ${n} <client${n}@customer.example>`,
          to: 'Support <support@example.com>',
          subject: `Request ${key}`,
          date: new Date(Date.UTC(2025, 5, n + 1)),
          messageId: id,
          text: `Please ${key} this.`,
        }),
        ['\\Seen'],
      );
      conversations[key] = { id, conversation: '' };
    }
    data = await makeDataDir();
    await addAccount(data, dovecot, USER);
    await syncOnce(data);
    for (const item of await listConversations(data)) {
      const shown = await showConversation(data, item.id);
      for (const entry of Object.values(conversations))
        if (shown.messages.some((message) => message.messageId === entry.id))
          entry.conversation = item.id;
    }
  });

  afterAll(async () => {
    await dovecot?.stop();
    if (data) await removeDir(data);
  });

  it('starts from a server without Archive and Trash', async () => {
    expect(await serverFolders()).toEqual(['INBOX']);
    for (const entry of Object.values(conversations)) expect(entry.conversation).not.toBe('');
  });

  it('archives and trashes in the cache at once, offline, before the folders exist', async () => {
    expect(await mark('archive', 'archive')).toMatch(/^1 message updated/);
    expect(await mark('trash', 'trash')).toMatch(/^1 message updated/);
    expect(await folderOf('archive')).toEqual(['Archive']);
    expect(await folderOf('trash')).toEqual(['Trash']);
    expect((await listConversations(data, '--folder', 'INBOX')).map((item) => item.id)).toEqual([
      conversations.later.conversation,
    ]);
    // Nothing reached the server yet.
    expect(await serverFolders()).toEqual(['INBOX']);
  });

  it('creates the folders when the sync writes the actions back, and moves the messages there', async () => {
    const before = rawlogSessions(dovecot);
    const [summary] = await syncOnce(data);
    expect(summary!.actions).toBe(2);
    const { sent } = trafficSince(dovecot, before);
    const creates = sent.filter((line) => /^\S+ CREATE /i.test(line)).map(withoutTag);
    expect(creates.sort()).toEqual(
      createSpecialUse
        ? ['CREATE Archive (USE (\\Archive))', 'CREATE Trash (USE (\\Trash))']
        : ['CREATE Archive', 'CREATE Trash'],
    );

    expect(await serverFolders()).toEqual(['Archive', 'INBOX', 'Trash']);
    const bare = (id: string | null) => (id ?? '').replace(/^<|>$/g, '');
    expect(
      (await serverCopies(dovecot, USER, 'Archive')).map((copy) => bare(copy.messageId)),
    ).toEqual([conversations.archive.id]);
    expect(
      (await serverCopies(dovecot, USER, 'Trash')).map((copy) => bare(copy.messageId)),
    ).toEqual([conversations.trash.id]);
    expect(await folderOf('archive')).toEqual(['Archive']);
    expect(await folderOf('trash')).toEqual(['Trash']);
    withCache(data, (db) => {
      const roles = Object.fromEntries(mailboxes(db).map((row) => [row.path, row.role]));
      expect(roles).toEqual({ INBOX: 'inbox', Archive: 'archive', Trash: 'trash' });
      for (const path of ['INBOX', 'Archive', 'Trash'])
        expect(
          cachedUids(db, path).every((uid) => uid > 0),
          path,
        ).toBe(true);
      expect(cacheProblems(db)).toEqual(NO_PROBLEMS);
      expect(
        (db.prepare('SELECT count(*) AS n FROM pending_actions').get() as { n: number }).n,
      ).toBe(0);
    });
  });

  it('uses the created folder for later actions, without creating another', async () => {
    expect(await mark('later', 'archive')).toMatch(/^1 message updated/);
    expect(await folderOf('later')).toEqual(['Archive']);
    const before = rawlogSessions(dovecot);
    await syncOnce(data);
    const { sent } = trafficSince(dovecot, before);
    expect(sent.filter((line) => /^\S+ CREATE /i.test(line))).toEqual([]);
    expect(await serverFolders()).toEqual(['Archive', 'INBOX', 'Trash']);
    expect((await serverCopies(dovecot, USER, 'Archive')).length).toBe(2);
    expect(await folderOf('later')).toEqual(['Archive']);
  });
});

function withoutTag(line: string): string {
  return line.replace(/^\S+ /, '');
}

describe('archive on a server that refuses to create the folder', () => {
  let dovecot: Dovecot;
  let data: string;
  let id: string;
  let conversation: string;

  beforeAll(async () => {
    dovecot = await startDovecot({ specialUse: 'none' });
    id = uniqueMessageId('refused');
    await appendMessage(
      dovecot,
      USER,
      'INBOX',
      plainMessage({
        from: 'Client <client@customer.example>',
        to: 'Support <support@example.com>',
        subject: 'Archive me if you can',
        date: new Date(Date.UTC(2025, 6, 1)),
        messageId: id,
        text: 'Nowhere to go.',
      }),
      ['\\Seen'],
    );
    data = await makeDataDir();
    await addAccount(data, dovecot, USER);
    await syncOnce(data);
    conversation = (await listConversations(data))[0]!.id;
  });

  afterAll(async () => {
    await chmod(dovecot.maildir(USER), 0o700).catch(() => undefined);
    await dovecot?.stop();
    if (data) await removeDir(data);
  });

  it('gives the message back to the Inbox, and the sync goes on', async () => {
    expect(await cli(data, 'mark', conversation, 'archive')).toMatchObject({ code: 0, err: '' });
    expect((await showConversation(data, conversation)).messages[0]!.folders).toEqual(['Archive']);
    // No folder can be created in a Maildir the server may not write to: CREATE gets a NO.
    await chmod(dovecot.maildir(USER), 0o555);

    const [summary] = await syncOnce(data);
    expect(summary).toMatchObject({ actions: 0, added: 0, removed: 0 });
    expect((await showConversation(data, conversation)).messages[0]!.folders).toEqual(['INBOX']);
    withCache(data, (db) => {
      expect(mailboxes(db).map((row) => row.path)).toEqual(['INBOX']);
      expect(cachedUids(db, 'INBOX').every((uid) => uid > 0)).toBe(true);
      expect(cacheProblems(db)).toEqual(NO_PROBLEMS);
      expect(
        (db.prepare('SELECT count(*) AS n FROM pending_actions').get() as { n: number }).n,
      ).toBe(0);
    });
    expect((await serverCopies(dovecot, USER, 'INBOX')).length).toBe(1);
  });
});
