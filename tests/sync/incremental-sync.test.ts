import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendMessage,
  CAPABILITIES_WITHOUT_CONDSTORE,
  expunge,
  resetUidValidity,
  setFlags,
  startDovecot,
  withImap,
  type Dovecot,
  type StartDovecotOptions,
} from '../helpers/dovecot.js';
import {
  cachedUids,
  cacheFingerprint,
  cacheProblems,
  locations,
  mailboxes,
  NO_PROBLEMS,
  searchIndexIsComplete,
  serverUids,
  withCache,
} from './support/cache.js';
import {
  addAccount,
  listConversations,
  makeDataDir,
  removeDir,
  search,
  showConversation,
  syncOnce,
  type ConversationItem,
} from './support/cli.js';
import { plainMessage, uniqueMessageId, uniqueWord } from './support/mail.js';

/*
 * What another mail client does between two syncs (append, flag, expunge, a server that renumbers
 * a folder) must show up on the next `sync --once`. Run against a server that offers CONDSTORE and
 * QRESYNC (flag changes by CHANGEDSINCE, expunges as VANISHED) and one that does not (flags
 * compared one by one, expunges found by counting).
 */

const USER = 'support';
const ME = 'Support <support@example.com>';
const day = (n: number) => new Date(Date.UTC(2025, 1, n, 8, 0));

const SERVERS: Array<{ name: string; condstore: boolean; options: StartDovecotOptions }> = [
  { name: 'with CONDSTORE and QRESYNC', condstore: true, options: {} },
  {
    name: 'without CONDSTORE (fallback)',
    condstore: false,
    options: { capabilities: CAPABILITIES_WITHOUT_CONDSTORE },
  },
];

interface Seeded {
  id: string;
  word: string;
  subject: string;
  uid: number;
}

describe.each(SERVERS)('incremental sync, server $name', ({ condstore, options }) => {
  let dovecot: Dovecot;
  let data: string;
  // Conversation "order": a question (unread) and our answer, both in INBOX.
  let question: Seeded;
  let answer: Seeded;
  // A conversation of one message in INBOX, and one in Archive.
  let single: Seeded;
  let archived: Seeded;
  // Moved to Archive by another client.
  let mover: Seeded;

  async function seed(
    folder: string,
    label: string,
    subject: string,
    flags: string[],
    date: Date,
    extra: { from?: string; inReplyTo?: string } = {},
  ): Promise<Seeded> {
    const id = uniqueMessageId(label);
    const word = uniqueWord(label);
    const raw = plainMessage({
      from: extra.from ?? 'Olaf Orders <olaf@shop.example>',
      to: ME,
      subject,
      date,
      messageId: id,
      ...(extra.inReplyTo ? { inReplyTo: extra.inReplyTo, references: [extra.inReplyTo] } : {}),
      text: `Message ${label}: ${word}`,
    });
    const uid = await appendMessage(dovecot, USER, folder, raw, flags, date);
    return { id, word, subject, uid };
  }

  async function conversationOf(messageId: string): Promise<ConversationItem | undefined> {
    for (const item of await listConversations(data)) {
      const shown = await showConversation(data, item.id);
      if (shown.messages.some((message) => message.messageId === messageId)) return item;
    }
    return undefined;
  }

  async function expectCacheMatchesServer(): Promise<void> {
    const paths = ['INBOX', 'Archive'];
    const server = await serverUids(dovecot, USER, paths);
    withCache(data, (db) => {
      for (const path of paths) expect(cachedUids(db, path), path).toEqual(server.get(path));
      expect(cacheProblems(db)).toEqual(NO_PROBLEMS);
    });
    expect(searchIndexIsComplete(data)).toEqual({ ok: true });
  }

  beforeAll(async () => {
    dovecot = await startDovecot(options);
    question = await seed('INBOX', 'question', 'Where is my order 77?', [], day(1));
    answer = await seed('INBOX', 'answer', 'Re: Where is my order 77?', ['\\Seen'], day(2), {
      from: ME,
      inReplyTo: question.id,
    });
    single = await seed('INBOX', 'single', 'Newsletter signup', ['\\Seen'], day(3));
    archived = await seed('Archive', 'archived', 'Archived receipt', ['\\Seen'], day(4));
    mover = await seed('INBOX', 'mover', 'Invoice paid, thanks', ['\\Seen'], day(5));
    data = await makeDataDir();
    await addAccount(data, dovecot, USER);
    await syncOnce(data);
  });

  afterAll(async () => {
    await dovecot?.stop();
    if (data) await removeDir(data);
  });

  it(`talks to a server ${condstore ? 'with' : 'without'} CONDSTORE`, async () => {
    const offered = await withImap(dovecot, USER, (client) =>
      Promise.resolve(client.capabilities.has('CONDSTORE')),
    );
    expect(offered).toBe(condstore);
    const inbox = withCache(data, (db) => mailboxes(db).find((row) => row.path === 'INBOX'));
    if (condstore) expect(inbox?.highest_modseq).toBeGreaterThan(0);
    else expect(inbox?.highest_modseq).toBeNull();
    const order = await conversationOf(question.id);
    expect(order).toMatchObject({ messageCount: 2, unread: true });
  });

  it('picks up a message another client appended', async () => {
    const late = await seed('INBOX', 'late', 'Re: Where is my order 77?', [], day(5), {
      inReplyTo: answer.id,
    });
    expect(await search(data, late.word)).toEqual([]);

    const [summary] = await syncOnce(data);
    expect(summary).toMatchObject({ added: 1, removed: 0 });
    const order = await conversationOf(question.id);
    expect(order).toMatchObject({ messageCount: 3, unread: true });
    const hits = await search(data, late.word);
    expect(hits.map((hit) => hit.conversationId)).toEqual([order!.id]);
    const shown = await showConversation(data, order!.id);
    expect(shown.messages.at(-1)).toMatchObject({
      messageId: late.id,
      folders: ['INBOX'],
      unread: true,
    });

    // Read it elsewhere so the next tests start from "only the question is unread".
    await setFlags(dovecot, USER, 'INBOX', late.uid, ['\\Seen'], []);
    await syncOnce(data);
    await expectCacheMatchesServer();
  });

  it('picks up \\Seen and \\Flagged set and cleared by another client', async () => {
    const flagsOf = (uid: number, path = 'INBOX') =>
      withCache(data, (db) => locations(db).find((row) => row.path === path && row.uid === uid));

    await setFlags(dovecot, USER, 'INBOX', question.uid, ['\\Seen', '\\Flagged'], []);
    let [summary] = await syncOnce(data);
    expect(summary!.flagsChanged).toBeGreaterThanOrEqual(1);
    expect(flagsOf(question.uid)).toMatchObject({ seen: 1, flagged: 1 });
    const order = await conversationOf(question.id);
    expect(order).toMatchObject({ unread: false });
    expect((await search(data, 'is:flagged')).map((hit) => hit.conversationId)).toEqual([
      order!.id,
    ]);

    await setFlags(dovecot, USER, 'INBOX', question.uid, [], ['\\Seen']);
    [summary] = await syncOnce(data);
    expect(summary!.flagsChanged).toBeGreaterThanOrEqual(1);
    expect(flagsOf(question.uid)).toMatchObject({ seen: 0, flagged: 1 });
    expect(await conversationOf(question.id)).toMatchObject({ unread: true });

    // A folder other than INBOX, flag only.
    await setFlags(dovecot, USER, 'Archive', archived.uid, ['\\Flagged'], []);
    await syncOnce(data);
    expect(flagsOf(archived.uid, 'Archive')).toMatchObject({ seen: 1, flagged: 1 });

    await setFlags(dovecot, USER, 'INBOX', question.uid, [], ['\\Flagged']);
    await setFlags(dovecot, USER, 'Archive', archived.uid, [], ['\\Flagged']);
    await syncOnce(data);
    expect(flagsOf(question.uid)).toMatchObject({ seen: 0, flagged: 0 });
    expect(flagsOf(archived.uid, 'Archive')).toMatchObject({ seen: 1, flagged: 0 });
    expect(await search(data, 'is:flagged')).toEqual([]);
  });

  it('follows a message another client moved to another folder, without fetching it again', async () => {
    const before = await conversationOf(mover.id);
    expect(before).toBeDefined();
    await withImap(dovecot, USER, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await client.messageMove(String(mover.uid), 'Archive', { uid: true });
      } finally {
        lock.release();
      }
    });

    const [summary] = await syncOnce(data);
    expect(summary).toMatchObject({ added: 1, removed: 1, bodies: 0 });
    expect(await conversationOf(mover.id)).toEqual(before);
    const shown = await showConversation(data, before!.id);
    expect(shown.messages).toEqual([
      expect.objectContaining({ messageId: mover.id, folders: ['Archive'] }),
    ]);
    expect(shown.messages[0]!.text).toContain(mover.word);
    expect((await search(data, mover.word)).map((hit) => hit.conversationId)).toEqual([before!.id]);
    await expectCacheMatchesServer();
  });

  it('forgets messages another client expunged', async () => {
    const orderBefore = await conversationOf(question.id);
    const singleBefore = await conversationOf(single.id);
    expect(singleBefore).toBeDefined();

    await expunge(dovecot, USER, 'INBOX', [answer.uid, single.uid]);
    const [summary] = await syncOnce(data);
    expect(summary).toMatchObject({ added: 0, removed: 2 });

    const order = await conversationOf(question.id);
    expect(order).toMatchObject({
      id: orderBefore!.id,
      messageCount: orderBefore!.messageCount - 1,
    });
    const shown = await showConversation(data, order!.id);
    expect(shown.messages.map((message) => message.messageId)).not.toContain(answer.id);
    expect((await listConversations(data)).map((item) => item.id)).not.toContain(singleBefore!.id);
    expect(await search(data, single.word)).toEqual([]);
    expect(await search(data, answer.word)).toEqual([]);
    await expectCacheMatchesServer();
  });

  it('resyncs folders whose UIDVALIDITY changed, without duplicates, keeping conversations', async () => {
    const listedBefore = await listConversations(data);
    const before = withCache(data, (db) => ({
      fingerprint: cacheFingerprint(db),
      validity: Object.fromEntries(mailboxes(db).map((row) => [row.path, row.uid_validity])),
    }));
    const words = [question.word, archived.word];

    const inboxValidity = await resetUidValidity(dovecot, USER, 'INBOX');
    const archiveValidity = await resetUidValidity(dovecot, USER, 'Archive');
    expect(Number(inboxValidity)).not.toBe(before.validity.INBOX);

    await syncOnce(data);
    const after = withCache(data, (db) => ({
      fingerprint: cacheFingerprint(db),
      validity: Object.fromEntries(mailboxes(db).map((row) => [row.path, row.uid_validity])),
    }));
    expect(after.validity.INBOX).toBe(Number(inboxValidity));
    expect(after.validity.Archive).toBe(Number(archiveValidity));
    // Same messages in the same conversations; only the UIDs differ.
    expect(after.fingerprint.conversations).toEqual(before.fingerprint.conversations);
    expect(after.fingerprint.messages).toEqual(before.fingerprint.messages);
    expect(after.fingerprint.locations).toHaveLength(before.fingerprint.locations.length);
    expect(await listConversations(data)).toEqual(listedBefore);
    for (const word of words) expect(await search(data, word), word).toHaveLength(1);
    await expectCacheMatchesServer();

    // And the next sync finds nothing more to do.
    const [summary] = await syncOnce(data);
    expect(summary).toMatchObject({ added: 0, removed: 0, flagsChanged: 0 });
  });
});
