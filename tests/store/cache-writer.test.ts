import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { toMessageRecord, type FetchedHeaders } from '../../src/mail/message-record.js';
import type { CacheOp, FiledMessage, OpResult } from '../../src/store/cache-ops.js';
import {
  InlineCacheWriter,
  openCacheWriter,
  ThreadedCacheWriter,
  type CacheWriter,
} from '../../src/store/cache-writer.js';
import type { ServerMailbox } from '../../src/store/mailbox-store.js';
import { repoRoot } from '../helpers/repo-root.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import {
  bodyStructure,
  headerBlock,
  SUPPORT,
  type MailSpec,
} from '../threading/support/mail-kit.js';

/*
 * ThreadedCacheWriter runs the sync's cache ops in a worker thread (the compiled
 * dist/src/store/cache-worker.js, with its own connection to the cache file); InlineCacheWriter
 * runs the same ops on the calling thread. Whatever the thread, the same ops must give the same
 * results and the same database.
 */

const WORKER = join(repoRoot(), 'dist', 'src', 'store', 'cache-worker.js');
const WORKER_URL = pathToFileURL(WORKER);

const FOLDERS: ServerMailbox[] = [
  { path: 'INBOX', name: 'INBOX', delimiter: '/', role: 'inbox' },
  { path: 'Sent', name: 'Sent', delimiter: '/', role: 'sent' },
  { path: 'Archive', name: 'Archive', delimiter: '/', role: 'archive' },
];
const MAILBOX = { INBOX: 1, Sent: 2, Archive: 3 } as const;
const MISSING_MAILBOX = 9999;
const ACCOUNT = { id: SUPPORT.id, email: SUPPORT.email };

interface Cache {
  dir: string;
  file: string;
  /** The main connection, as the sync and the UI hold it. */
  db: Db;
  writer: CacheWriter;
}

const open: Cache[] = [];

function createCache(kind: 'threaded' | 'inline'): Cache {
  const dir = mkdtempSync(join(tmpdir(), `switchboard-cache-writer-${kind}-`));
  const file = join(dir, 'cache.db');
  const db = openDatabase(file);
  db.prepare(
    `INSERT INTO accounts (id, name, email, imap_url, smtp_url, password_ref, created_at)
     VALUES (?, 'Support', ?, 'imap://support@imap.example.com', NULL, NULL, 0)`,
  ).run(ACCOUNT.id, ACCOUNT.email);
  const writer =
    kind === 'threaded' ? new ThreadedCacheWriter(file, WORKER_URL) : new InlineCacheWriter(db);
  const cache = { dir, file, db, writer };
  open.push(cache);
  return cache;
}

async function closeAll(): Promise<void> {
  for (const cache of open.splice(0)) {
    const closed = await Promise.race([
      cache.writer.close().then(
        () => true,
        () => true,
      ),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000)),
    ]);
    // A writer whose close() hangs (a bug a test below looks for) must not hang the suite or
    // leave its thread running: stop the worker directly.
    if (!closed) await (cache.writer as unknown as { worker?: Worker }).worker?.terminate();
    cache.db.close();
    rmSync(cache.dir, { recursive: true, force: true });
  }
}

/** One fetched copy, parsed as the folder sync parses it (off the writer thread). */
function filed(spec: MailSpec & { uid: number; modseq?: bigint }): FiledMessage {
  const fetched = {
    uid: spec.uid,
    flags: new Set(spec.flags ?? []),
    modseq: spec.modseq,
    internalDate: new Date(spec.receivedAt ?? spec.date),
    size: spec.size ?? 1000,
  };
  const headers: FetchedHeaders = {
    ...fetched,
    headers: headerBlock(spec),
    bodyStructure: bodyStructure(spec),
  };
  return {
    fetched: { uid: fetched.uid, flags: [...fetched.flags], modseq: fetched.modseq },
    record: toMessageRecord(headers),
  };
}

const day = (n: number, hour = 9): string => new Date(Date.UTC(2025, 0, n, hour)).toISOString();

/** Five threads of four messages in INBOX, some with attachments, some flagged. */
function inboxBatch(): FiledMessage[] {
  const out: FiledMessage[] = [];
  for (let thread = 0; thread < 5; thread += 1) {
    const ids: string[] = [];
    for (let reply = 0; reply < 4; reply += 1) {
      const messageId = `t${thread}-m${reply}@cache-writer.test`;
      out.push(
        filed({
          uid: thread * 4 + reply + 1,
          messageId,
          references: [...ids],
          ...(ids.length ? { inReplyTo: ids.at(-1)! } : {}),
          subject: `${reply ? 'Re: ' : ''}Question ${thread}`,
          from:
            reply % 2
              ? 'Support <support@example.com>'
              : `Customer ${thread} <c${thread}@acme.example>`,
          to: ['support@example.com'],
          date: day(thread + 1, 9 + reply),
          flags: reply % 3 === 0 ? ['\\Seen'] : [],
          modseq: BigInt(100 + thread * 4 + reply),
          ...(reply === 1 ? { attachment: `file-${thread}.pdf` } : {}),
        }),
      );
      ids.push(messageId);
    }
  }
  return out;
}

/** Our replies in Sent, each to the first message of a thread. */
function sentBatch(): FiledMessage[] {
  return [0, 1, 2].map((thread) =>
    filed({
      uid: thread + 1,
      messageId: `sent-${thread}@cache-writer.test`,
      references: [`t${thread}-m0@cache-writer.test`],
      inReplyTo: `t${thread}-m0@cache-writer.test`,
      subject: `Re: Question ${thread}`,
      from: 'Support <support@example.com>',
      to: [`c${thread}@acme.example`],
      date: day(thread + 1, 20),
      flags: ['\\Seen'],
    }),
  );
}

/** Copies of INBOX messages filed in Archive too (same Message-ID: they join the message). */
function archiveBatch(): FiledMessage[] {
  return [0, 1].map((thread) =>
    filed({
      uid: 10 + thread,
      messageId: `t${thread}-m0@cache-writer.test`,
      subject: `Question ${thread}`,
      from: `Customer ${thread} <c${thread}@acme.example>`,
      to: ['support@example.com'],
      date: day(thread + 1, 9),
      flags: ['\\Seen', '\\Flagged'],
    }),
  );
}

/** What the sync sends over a first sync and a few later passes, in order. */
function opSequence(): CacheOp[] {
  return [
    { type: 'file', account: ACCOUNT, mailboxId: MAILBOX.INBOX, messages: inboxBatch() },
    { type: 'file', account: ACCOUNT, mailboxId: MAILBOX.Sent, messages: sentBatch() },
    { type: 'file', account: ACCOUNT, mailboxId: MAILBOX.Archive, messages: archiveBatch() },
    {
      type: 'flags',
      mailboxId: MAILBOX.INBOX,
      onlyIfDifferent: false,
      updates: [
        { uid: 1, flags: ['\\Seen', '\\Flagged'], modseq: 200n },
        { uid: 2, flags: ['\\Seen'] },
        { uid: 6, flags: ['\\Answered', '$Forwarded'], modseq: 201n },
        { uid: 999, flags: ['\\Seen'] },
      ],
    },
    {
      type: 'flags',
      mailboxId: MAILBOX.INBOX,
      onlyIfDifferent: true,
      updates: [
        { uid: 1, flags: ['\\Flagged', '\\Seen'] },
        { uid: 3, flags: ['\\Deleted'] },
      ],
    },
    {
      type: 'bodies',
      results: [
        { id: 1, text: 'first body with the word quokkabody', state: 'done' },
        { id: 2, text: '', state: 'error', problem: 'undecodable text part' },
        { id: 5, text: 'fifth body', state: 'done' },
        { id: 404, text: 'no such message', state: 'done' },
      ],
    },
    { type: 'remove', mailboxId: MAILBOX.INBOX, uids: [1, 2, 3, 4, 17] },
    { type: 'collect', accountId: ACCOUNT.id },
    {
      type: 'save-state',
      mailboxId: MAILBOX.INBOX,
      state: { uidValidity: 7, uidNext: 21, highestModseq: 201n },
      flags: { scannedAt: 1_700_000_000_000, unseenCount: 3 },
    },
    { type: 'remove', mailboxId: MAILBOX.Archive, uids: 'all' },
    { type: 'collect', accountId: ACCOUNT.id },
    { type: 'reset-state', mailboxId: MAILBOX.Sent, uidValidity: 99 },
    { type: 'drop-mailbox', mailboxId: MAILBOX.Archive },
    {
      type: 'reconcile',
      accountId: ACCOUNT.id,
      folders: FOLDERS.filter((folder) => folder.path !== 'Archive'),
    },
  ];
}

/** last_synced_at is the wall clock of the thread that ran save-state. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      key === 'last_synced_at' ? field !== null : comparable(field),
    ]),
  );
}

/** Every row of every table (the contentless FTS index is compared through queries). */
function dump(db: Db): Record<string, string[]> {
  const tables = db
    .prepare<[], { name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'message_search%' ORDER BY name`,
    )
    .all();
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      db
        .prepare(`SELECT * FROM "${name}"`)
        .all()
        .map((row) => JSON.stringify(comparable(row)))
        .sort(),
    ]),
  );
}

function search(db: Db, query: string): number[] {
  return db
    .prepare<[string], { rowid: number }>(
      'SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid',
    )
    .all(query)
    .map((row) => row.rowid);
}

const conversationExists = (db: Db, id: string): boolean =>
  db.prepare('SELECT 1 FROM conversations WHERE id = ?').get(id) !== undefined;

async function settle<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: Error & { code?: string } }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error: error as Error & { code?: string } };
  }
}

beforeAll(() => {
  // The worker runs compiled JavaScript: a build older than src/ would test old code (and migrate
  // the file with old migrations). `npm test` builds first; otherwise run `npm run build`.
  if (!existsSync(WORKER))
    throw new Error(`${WORKER} is missing: run \`npm run build\` before this test`);
  assertBuildIsCurrent();
});

afterEach(closeAll);
afterAll(closeAll);

describe('ThreadedCacheWriter vs InlineCacheWriter', () => {
  it('gives the same results (values and changed conversations) for the same ops', async () => {
    const threaded = createCache('threaded');
    const inline = createCache('inline');
    const reconcile: CacheOp = { type: 'reconcile', accountId: ACCOUNT.id, folders: FOLDERS };
    const first = await threaded.writer.run(reconcile);
    expect(comparable(first)).toEqual(comparable(await inline.writer.run(reconcile)));
    expect(first.value.current.map((row) => [row.path, row.id])).toEqual(Object.entries(MAILBOX));

    let changedAny = 0;
    for (const [index, op] of opSequence().entries()) {
      const [ours, reference] = await Promise.all([threaded.writer.run(op), inline.writer.run(op)]);
      expect(comparable(ours), `op ${index} (${op.type})`).toEqual(comparable(reference));
      changedAny += ours.changed.length;
    }
    expect(changedAny).toBeGreaterThan(10);
    await threaded.writer.drain();
    expect(dump(threaded.db)).toEqual(dump(inline.db));
    for (const query of ['quokkabody', 'question', 'customer', 'support']) {
      expect(search(threaded.db, query), query).toEqual(search(inline.db, query));
    }
    expect(search(threaded.db, 'quokkabody')).toHaveLength(0); // message 1 lost its last copy
    expect(search(threaded.db, 'question').length).toBeGreaterThan(0);
  });

  it('returns the values the ops report (not just the same ones)', async () => {
    const { writer } = createCache('threaded');
    await writer.run({ type: 'reconcile', accountId: ACCOUNT.id, folders: FOLDERS });
    const results: Array<OpResult<CacheOp['type']>> = [];
    for (const op of opSequence()) results.push(await writer.run(op));
    const values = results.map((result) =>
      typeof result.value === 'number' ? result.value : 'rows',
    );
    //            file file file flags flags bodies remove collect save remove collect reset drop reconcile
    expect(values).toEqual([20, 3, 2, 3, 1, 4, 5, 4, 1, 2, 1, 3, 0, 'rows']);
    const reconciled = results.at(-1)!.value as {
      current: Array<{ path: string }>;
      gone: unknown[];
    };
    expect(reconciled.current.map((row) => row.path)).toEqual(['INBOX', 'Sent']);
    expect(reconciled.gone).toEqual([]);
  });
});

describe('ThreadedCacheWriter', () => {
  it('applies ops in the order sent, also when nobody waits between them', async () => {
    const { db, writer } = createCache('threaded');
    await writer.run({ type: 'reconcile', accountId: ACCOUNT.id, folders: FOLDERS });
    const message = inboxBatch()[0]!;
    const flagSets = [
      ['\\Flagged'],
      ['\\Seen', '\\Flagged'],
      [],
      ['\\Answered'],
      ['$Label1', '\\Seen'],
    ];
    // Filed and then changed, without awaiting: each flags op only changes something if it runs
    // after the one before it (onlyIfDifferent compares with the stored flags).
    const pending = [
      writer.run({ type: 'file', account: ACCOUNT, mailboxId: MAILBOX.INBOX, messages: [message] }),
      ...flagSets.map((flags) =>
        writer.run({
          type: 'flags',
          mailboxId: MAILBOX.INBOX,
          onlyIfDifferent: true,
          updates: [{ uid: message.fetched.uid, flags }],
        }),
      ),
      writer.run({ type: 'remove', mailboxId: MAILBOX.INBOX, uids: [message.fetched.uid] }),
      writer.run({ type: 'file', account: ACCOUNT, mailboxId: MAILBOX.INBOX, messages: [message] }),
    ];
    const results = await Promise.all(pending);
    expect(results.map((result) => result.value)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const row = db.prepare<[], { flags: string }>('SELECT flags FROM message_locations').get();
    // The second file op re-filed the copy with its fetched flags, after the remove.
    expect(row?.flags).toBe([...message.fetched.flags].sort().join(' '));
  });

  it('drain() resolves once every op sent so far is committed, and the main connection sees them', async () => {
    const { db, writer } = createCache('threaded');
    await writer.run({ type: 'reconcile', accountId: ACCOUNT.id, folders: FOLDERS });
    const settled: number[] = [];
    const messages = inboxBatch();
    messages.forEach((message, index) => {
      void writer
        .run({ type: 'file', account: ACCOUNT, mailboxId: MAILBOX.INBOX, messages: [message] })
        .then(() => settled.push(index));
    });
    const count = () =>
      db.prepare<[], { n: number }>('SELECT count(*) AS n FROM message_locations').get()!.n;
    await writer.drain();
    expect(settled).toHaveLength(messages.length);
    expect(count()).toBe(messages.length);
    expect(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages').get()!.n).toBe(
      messages.length,
    );
    await writer.drain(); // nothing pending: resolves at once
  });

  it('rejects only the op that fails, with the SQLite message and code, and goes on', async () => {
    const threaded = createCache('threaded');
    const inline = createCache('inline');
    for (const cache of [threaded, inline])
      await cache.writer.run({ type: 'reconcile', accountId: ACCOUNT.id, folders: FOLDERS });
    const [before, failing, after] = inboxBatch().filter((_, index) => index % 4 === 0);
    const ops: CacheOp[] = [
      { type: 'file', account: ACCOUNT, mailboxId: MAILBOX.INBOX, messages: [before!] },
      { type: 'file', account: ACCOUNT, mailboxId: MISSING_MAILBOX, messages: [failing!] },
      { type: 'file', account: ACCOUNT, mailboxId: MAILBOX.INBOX, messages: [after!] },
    ];
    // Sent back to back: the failure must not take the ops around it down.
    const [ok1, failed, ok2] = await Promise.all(ops.map((op) => settle(threaded.writer.run(op))));
    expect(ok1?.ok).toBe(true);
    expect(ok2?.ok).toBe(true);
    expect(failed?.ok).toBe(false);
    const error = (failed as { error: Error & { code?: string } }).error;
    expect(error.message).toBe('FOREIGN KEY constraint failed');
    expect(error.code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(error.name).toBe('SqliteError');

    // The same as on the calling thread.
    const reference = [];
    for (const op of ops) reference.push(await settle(inline.writer.run(op)));
    const inlineError = (reference[1] as { error: Error & { code?: string } }).error;
    expect({ name: error.name, message: error.message, code: error.code }).toEqual({
      name: inlineError.name,
      message: inlineError.message,
      code: inlineError.code,
    });
    expect(comparable((ok2 as { value: unknown }).value)).toEqual(
      comparable((reference[2] as { value: unknown }).value),
    );

    await threaded.writer.drain();
    const subjects = threaded.db
      .prepare<[], { subject: string }>('SELECT subject FROM messages ORDER BY id')
      .all();
    expect(subjects.map((row) => row.subject)).toEqual(['Question 0', 'Question 2']);
    const later = await threaded.writer.run({
      type: 'flags',
      mailboxId: MAILBOX.INBOX,
      onlyIfDifferent: false,
      updates: [{ uid: after!.fetched.uid, flags: ['\\Seen'] }],
    });
    expect(later.value).toBe(1);
  });

  // Found by this test: MessageWriter keeps the conversations an op touched in memory until
  // flush(); an op that fails rolls its transaction back but not that set, so the next op
  // reports (and refreshes) a conversation of the failed op that does not exist.
  it.each(['threaded', 'inline'] as const)(
    '%s: does not report conversations of a failed op as changed by the next one',
    async (kind) => {
      const { db, writer } = createCache(kind);
      await writer.run({ type: 'reconcile', accountId: ACCOUNT.id, folders: FOLDERS });
      const [failing, next] = inboxBatch().filter((_, index) => index % 4 === 0);
      await settle(
        writer.run({
          type: 'file',
          account: ACCOUNT,
          mailboxId: MISSING_MAILBOX,
          messages: [failing!],
        }),
      );
      const result = await writer.run({
        type: 'file',
        account: ACCOUNT,
        mailboxId: MAILBOX.INBOX,
        messages: [next!],
      });
      await writer.drain();
      expect(result.changed.filter((id) => !conversationExists(db, id))).toEqual([]);
      expect(result.changed).toHaveLength(1);
    },
  );

  // Found by this test: run() registers the op as pending before postMessage, which throws
  // synchronously (DataCloneError) for an op that cannot be copied to the worker; run() then
  // throws instead of rejecting, and the entry left behind makes drain() and close() wait forever.
  it('an op that cannot be sent to the worker rejects, and drain() does not hang', async () => {
    const { writer } = createCache('threaded');
    await writer.run({ type: 'reconcile', accountId: ACCOUNT.id, folders: FOLDERS });
    const unsendable = {
      type: 'collect',
      accountId: ACCOUNT.id,
      note: () => undefined,
    } as unknown as CacheOp;
    const outcome = await settle(Promise.resolve().then(() => writer.run(unsendable)));
    expect(outcome.ok).toBe(false);
    const drained = await Promise.race([
      writer.drain().then(() => 'drained'),
      new Promise((resolve) => setTimeout(() => resolve('hung'), 1_000)),
    ]);
    expect(drained).toBe('drained');
  });

  it('close() resolves, the worker exits, and later ops are refused', async () => {
    const { db, writer } = createCache('threaded');
    await writer.run({ type: 'reconcile', accountId: ACCOUNT.id, folders: FOLDERS });
    void writer.run({
      type: 'file',
      account: ACCOUNT,
      mailboxId: MAILBOX.INBOX,
      messages: inboxBatch(),
    });
    await writer.close(); // drains first
    expect(
      db.prepare<[], { n: number }>('SELECT count(*) AS n FROM message_locations').get()!.n,
    ).toBe(20);
    await expect(writer.run({ type: 'collect', accountId: ACCOUNT.id })).rejects.toThrow(
      /stopped \(exit code 0\)/,
    );
    await writer.close(); // a second close is harmless
    // The worker's connection is closed: the main one can take the write lock at once.
    db.pragma('busy_timeout = 0');
    db.prepare('UPDATE mailboxes SET uid_next = 5 WHERE id = ?').run(MAILBOX.INBOX);
  });

  it('a worker that cannot start rejects pending and later ops instead of hanging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-cache-writer-missing-'));
    try {
      const writer = new ThreadedCacheWriter(
        join(dir, 'cache.db'),
        pathToFileURL(join(dir, 'no-such-worker.js')),
      );
      await expect(writer.run({ type: 'collect', accountId: ACCOUNT.id })).rejects.toThrow();
      await expect(writer.run({ type: 'collect', accountId: ACCOUNT.id })).rejects.toThrow();
      await writer.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('openCacheWriter', () => {
  it('is inline when running from the TypeScript sources (no compiled worker beside the module)', async () => {
    const { db } = createCache('inline');
    const writer = openCacheWriter(db);
    expect(writer).toBeInstanceOf(InlineCacheWriter);
    await writer.close();
    const memory = openDatabase(':memory:');
    try {
      expect(openCacheWriter(memory)).toBeInstanceOf(InlineCacheWriter);
    } finally {
      memory.close();
    }
  });
});
