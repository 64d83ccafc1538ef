import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendMessage,
  createFolder,
  expunge,
  setFlags,
  startDovecot,
  type Dovecot,
} from '../helpers/dovecot.js';
import {
  cachedUids,
  cacheFingerprint,
  cacheProblems,
  locations,
  NO_PROBLEMS,
  searchIndexIsComplete,
  serverCopies,
  withCache,
  type ServerCopy,
} from './support/cache.js';
import {
  addAccount,
  cli,
  listConversations,
  makeDataDir,
  removeDir,
  search,
  showConversation,
  syncOnce,
  type ShownMessage,
} from './support/cli.js';
import { plainMessage, uniqueMessageId, uniqueWord } from './support/mail.js';

/*
 * `switchboard mark` changes the cache at once (it works offline) and queues the change; the next
 * sync writes it to the server. Checked from the server's side with another IMAP client, and on
 * the cache after the sync: same folders, same flags, nothing twice.
 */

const USER = 'support';
const ME = 'Support <support@example.com>';
const CUSTOM = 'Projects';
const FOLDERS = ['INBOX', 'Sent', 'Archive', 'Trash', CUSTOM];

interface Seeded {
  id: string;
  word: string;
  subject: string;
  conversation: string;
}

let dovecot: Dovecot;
let data: string;
const seeded: Record<'read' | 'unread' | 'flag' | 'archive' | 'trash' | 'move', Seeded> =
  {} as never;
/** Our reply (in Sent) to the message that gets archived. */
let archiveReply: { id: string };

const bare = (id: string | null) => (id ?? '').replace(/^<|>$/g, '');

async function server(): Promise<Map<string, ServerCopy[]>> {
  const result = new Map<string, ServerCopy[]>();
  for (const folder of FOLDERS) result.set(folder, await serverCopies(dovecot, USER, folder));
  return result;
}

/** Folder → flags of every server copy of a Message-ID. */
function copiesOf(
  state: Map<string, ServerCopy[]>,
  id: string,
): Array<{ folder: string; flags: string[] }> {
  const found: Array<{ folder: string; flags: string[] }> = [];
  for (const [folder, copies] of state) {
    for (const copy of copies)
      if (bare(copy.messageId) === id) found.push({ folder, flags: copy.flags });
  }
  return found;
}

async function shown(id: string): Promise<ShownMessage | undefined> {
  for (const item of await listConversations(data)) {
    const message = (await showConversation(data, item.id)).messages.find(
      (candidate) => candidate.messageId === id,
    );
    if (message) return message;
  }
  return undefined;
}

async function mark(conversation: string, action: string, ...rest: string[]): Promise<string> {
  const result = await cli(data, 'mark', conversation, action, ...rest);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return result.out;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  await createFolder(dovecot, USER, CUSTOM);
  const seed = async (key: keyof typeof seeded, subject: string, flags: string[], n: number) => {
    const id = uniqueMessageId(key);
    const word = uniqueWord(`${key}action`);
    const raw = plainMessage({
      from: `Client ${n} <client${n}@customer.example>`,
      to: ME,
      subject,
      date: new Date(Date.UTC(2025, 3, n)),
      messageId: id,
      text: `Request number ${n}. ${word}`,
    });
    await appendMessage(dovecot, USER, 'INBOX', raw, flags);
    seeded[key] = { id, word, subject, conversation: '' };
  };
  await seed('read', 'Please read me', [], 1);
  await seed('unread', 'Mark me unread', ['\\Seen'], 2);
  await seed('flag', 'Important: flag me', ['\\Seen'], 3);
  await seed('archive', 'Done, archive me', ['\\Seen'], 4);
  await seed('trash', 'Spammy offer', [], 5);
  await seed('move', 'Belongs to a project', ['\\Seen'], 6);
  archiveReply = { id: uniqueMessageId('archive-reply') };
  await appendMessage(
    dovecot,
    USER,
    'Sent',
    plainMessage({
      from: ME,
      to: 'Client 4 <client4@customer.example>',
      subject: 'Re: Done, archive me',
      date: new Date(Date.UTC(2025, 3, 5)),
      messageId: archiveReply.id,
      inReplyTo: seeded.archive.id,
      references: [seeded.archive.id],
      text: 'Glad it is solved.',
    }),
    ['\\Seen'],
  );

  data = await makeDataDir();
  await addAccount(data, dovecot, USER);
  await syncOnce(data);
  for (const item of await listConversations(data)) {
    const messages = (await showConversation(data, item.id)).messages;
    for (const entry of Object.values(seeded)) {
      if (messages.some((message) => message.messageId === entry.id)) entry.conversation = item.id;
    }
  }
});

afterAll(async () => {
  await dovecot?.stop();
  if (data) await removeDir(data);
});

describe('mark, then sync', () => {
  it('applies each action to the cache at once, before any sync', async () => {
    for (const entry of Object.values(seeded))
      expect(entry.conversation, entry.subject).not.toBe('');
    const before = await server();

    expect(await mark(seeded.read.conversation, 'read')).toMatch(/^1 message updated/);
    await mark(seeded.unread.conversation, 'unread');
    await mark(seeded.flag.conversation, 'flag');
    await mark(seeded.archive.conversation, 'archive');
    await mark(seeded.trash.conversation, 'trash');
    await mark(seeded.move.conversation, 'move', '--folder', CUSTOM);

    expect(await shown(seeded.read.id)).toMatchObject({ unread: false, folders: ['INBOX'] });
    expect(await shown(seeded.unread.id)).toMatchObject({ unread: true, folders: ['INBOX'] });
    expect(
      withCache(data, (db) => locations(db).find((row) => row.messageId === seeded.flag.id)),
    ).toMatchObject({ flagged: 1 });
    expect(await shown(seeded.archive.id)).toMatchObject({ folders: ['Archive'] });
    expect(await shown(archiveReply.id)).toMatchObject({ folders: ['Sent'] });
    expect(await shown(seeded.trash.id)).toMatchObject({ folders: ['Trash'] });
    expect(await shown(seeded.move.id)).toMatchObject({ folders: [CUSTOM] });
    expect(
      (await listConversations(data, '--folder', 'INBOX')).map((item) => item.id).sort(),
    ).toEqual(
      [seeded.read.conversation, seeded.unread.conversation, seeded.flag.conversation].sort(),
    );

    // Nothing reached the server yet.
    expect(await server()).toEqual(before);
  });

  it('writes every action to the server on the next sync', async () => {
    const [summary] = await syncOnce(data);
    expect(summary!.actions).toBe(6);
    const state = await server();

    expect(copiesOf(state, seeded.read.id)).toEqual([{ folder: 'INBOX', flags: ['\\Seen'] }]);
    expect(copiesOf(state, seeded.unread.id)).toEqual([{ folder: 'INBOX', flags: [] }]);
    expect(copiesOf(state, seeded.flag.id)).toEqual([
      { folder: 'INBOX', flags: ['\\Flagged', '\\Seen'] },
    ]);
    // MOVE, not COPY: each message is in exactly one folder, the destination.
    expect(copiesOf(state, seeded.archive.id)).toEqual([{ folder: 'Archive', flags: ['\\Seen'] }]);
    expect(copiesOf(state, archiveReply.id)).toEqual([{ folder: 'Sent', flags: ['\\Seen'] }]);
    expect(copiesOf(state, seeded.trash.id)).toEqual([{ folder: 'Trash', flags: [] }]);
    expect(copiesOf(state, seeded.move.id)).toEqual([{ folder: CUSTOM, flags: ['\\Seen'] }]);
  });

  it('leaves the cache in agreement with the server', async () => {
    const state = await server();
    withCache(data, (db) => {
      for (const folder of FOLDERS) {
        expect(cachedUids(db, folder), folder).toEqual(
          (state.get(folder) ?? []).map((copy) => copy.uid),
        );
      }
      // Same flags on every copy.
      for (const row of locations(db)) {
        const copy = state.get(row.path)?.find((candidate) => candidate.uid === row.uid);
        expect(copy, `${row.path} ${row.uid}`).toBeDefined();
        expect({ seen: row.seen, flagged: row.flagged }, `${row.path} ${row.uid}`).toEqual({
          seen: copy!.flags.includes('\\Seen') ? 1 : 0,
          flagged: copy!.flags.includes('\\Flagged') ? 1 : 0,
        });
      }
      expect(cacheProblems(db)).toEqual(NO_PROBLEMS);
      expect(
        (db.prepare('SELECT count(*) AS n FROM pending_actions').get() as { n: number }).n,
      ).toBe(0);
      expect((db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n).toBe(7);
    });
    expect(await shown(seeded.archive.id)).toMatchObject({ folders: ['Archive'] });
    expect(await shown(seeded.trash.id)).toMatchObject({ folders: ['Trash'] });
    expect(await shown(seeded.move.id)).toMatchObject({ folders: [CUSTOM] });
    expect(await shown(seeded.read.id)).toMatchObject({ unread: false });
    expect(await shown(seeded.unread.id)).toMatchObject({ unread: true });
    const archived = await showConversation(data, seeded.archive.conversation);
    expect(archived.messages.map((message) => [message.messageId, message.folders])).toEqual([
      [seeded.archive.id, ['Archive']],
      [archiveReply.id, ['Sent']],
    ]);
    expect((await search(data, 'in:archive')).map((hit) => hit.conversationId)).toEqual([
      seeded.archive.conversation,
    ]);
    expect((await search(data, 'is:flagged')).map((hit) => hit.conversationId)).toEqual([
      seeded.flag.conversation,
    ]);
    expect(searchIndexIsComplete(data)).toEqual({ ok: true });
  });

  it('has nothing left to do on the sync after', async () => {
    const before = withCache(data, cacheFingerprint);
    const [summary] = await syncOnce(data);
    expect(summary).toMatchObject({ added: 0, removed: 0, flagsChanged: 0, actions: 0 });
    expect(withCache(data, cacheFingerprint)).toEqual(before);
  });

  it('says nothing changed when the conversation already is as asked, and queues nothing', async () => {
    // Each of these is already done (the sync above wrote them to the server).
    expect(await mark(seeded.move.conversation, 'move', '--folder', CUSTOM)).toBe(
      `nothing changed: already in ${CUSTOM}`,
    );
    expect(await mark(seeded.read.conversation, 'read')).toBe('nothing changed: already done');
    expect(await mark(seeded.archive.conversation, 'archive')).toBe(
      'nothing changed: already done',
    );
    withCache(data, (db) =>
      expect(
        (db.prepare('SELECT count(*) AS n FROM pending_actions').get() as { n: number }).n,
      ).toBe(0),
    );
    expect(await shown(seeded.move.id)).toMatchObject({ folders: [CUSTOM] });
  });

  it('unflags, and deletes for good what is trashed from the Trash', async () => {
    await mark(seeded.flag.conversation, 'unflag');
    await mark(seeded.trash.conversation, 'trash');
    expect(await shown(seeded.trash.id)).toBeUndefined();

    const [summary] = await syncOnce(data);
    expect(summary!.actions).toBe(2);
    const state = await server();
    expect(copiesOf(state, seeded.flag.id)).toEqual([{ folder: 'INBOX', flags: ['\\Seen'] }]);
    expect(copiesOf(state, seeded.trash.id)).toEqual([]);
    expect(await shown(seeded.trash.id)).toBeUndefined();
    expect(await search(data, seeded.trash.word)).toEqual([]);
    expect((await listConversations(data)).map((item) => item.id)).not.toContain(
      seeded.trash.conversation,
    );
    withCache(data, (db) => {
      for (const folder of FOLDERS) {
        expect(cachedUids(db, folder), folder).toEqual(
          (state.get(folder) ?? []).map((copy) => copy.uid),
        );
      }
      expect(cacheProblems(db)).toEqual(NO_PROBLEMS);
    });
    expect(searchIndexIsComplete(data)).toEqual({ ok: true });
  });

  it('keeps a local mark and another client’s change to the same message', async () => {
    await mark(seeded.unread.conversation, 'read');
    const [copy] = (await server())
      .get('INBOX')!
      .filter((entry) => bare(entry.messageId) === seeded.unread.id);
    await setFlags(dovecot, USER, 'INBOX', copy!.uid, ['\\Flagged'], []);

    await syncOnce(data);
    expect(copiesOf(await server(), seeded.unread.id)).toEqual([
      { folder: 'INBOX', flags: ['\\Flagged', '\\Seen'] },
    ]);
    expect(
      withCache(data, (db) => locations(db).find((row) => row.messageId === seeded.unread.id)),
    ).toMatchObject({ path: 'INBOX', seen: 1, flagged: 1 });
  });

  it('drops an action on a message another client deleted meanwhile, and the sync goes on', async () => {
    await mark(seeded.read.conversation, 'archive');
    const [copy] = (await server())
      .get('INBOX')!
      .filter((entry) => bare(entry.messageId) === seeded.read.id);
    await expunge(dovecot, USER, 'INBOX', [copy!.uid]);

    const result = await cli(data, 'sync', '--once', '--json');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const state = await server();
    expect(copiesOf(state, seeded.read.id)).toEqual([]);
    expect(await shown(seeded.read.id)).toBeUndefined();
    withCache(data, (db) => {
      for (const folder of FOLDERS) {
        expect(cachedUids(db, folder), folder).toEqual(
          (state.get(folder) ?? []).map((entry) => entry.uid),
        );
      }
      expect(cacheProblems(db)).toEqual(NO_PROBLEMS);
      expect(
        (db.prepare('SELECT count(*) AS n FROM pending_actions').get() as { n: number }).n,
      ).toBe(0);
    });
  });
});
