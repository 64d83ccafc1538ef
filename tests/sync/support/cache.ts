import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ImapFlow } from 'imapflow';
import { withImap, type Dovecot } from '../../helpers/dovecot.js';

/*
 * Looks straight into the cache file (src/db/migrations/001-initial.sql) to check invariants the
 * CLI does not show: one location per server copy, one message row per distinct message, and
 * every message indexed for search.
 */

export function cachePath(dataDir: string): string {
  return join(dataDir, 'cache.sqlite');
}

/** A read-only connection (safe next to a running sync: the cache is in WAL mode). */
export function openCache(dataDir: string): Database.Database {
  const db = new Database(cachePath(dataDir), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

export function withCache<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = openCache(dataDir);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Rows in message_locations, or 0 while the cache (or its schema) does not exist yet. */
export function countLocations(dataDir: string): number {
  if (!existsSync(cachePath(dataDir))) return 0;
  try {
    return withCache(
      dataDir,
      (db) => (db.prepare('SELECT count(*) AS n FROM message_locations').get() as { n: number }).n,
    );
  } catch {
    return 0;
  }
}

export interface MailboxRow {
  id: number;
  path: string;
  role: string | null;
  uid_validity: number | null;
  uid_next: number;
  highest_modseq: number | null;
  message_count: number;
}

export function mailboxes(db: Database.Database): MailboxRow[] {
  return db
    .prepare(
      'SELECT id, path, role, uid_validity, uid_next, highest_modseq, message_count FROM mailboxes ORDER BY path',
    )
    .all() as MailboxRow[];
}

/** UIDs of one folder's copies in the cache (placeholders of unconfirmed moves have uid < 0). */
export function cachedUids(db: Database.Database, path: string): number[] {
  return (
    db
      .prepare(
        `SELECT l.uid FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id
         WHERE mb.path = ? ORDER BY l.uid`,
      )
      .all(path) as Array<{ uid: number }>
  ).map((row) => row.uid);
}

export interface LocationRow {
  path: string;
  uid: number;
  messageRow: number;
  messageId: string | null;
  flags: string;
  seen: number;
  flagged: number;
}

export function locations(db: Database.Database): LocationRow[] {
  return db
    .prepare(
      `SELECT mb.path, l.uid, l.message_id AS messageRow, m.message_id AS messageId, l.flags, l.seen, l.flagged
       FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id JOIN messages m ON m.id = l.message_id
       ORDER BY mb.path, l.uid`,
    )
    .all() as LocationRow[];
}

/** Server copies as `path uid`, e.g. to compare with the cache's locations. */
export async function serverUids(
  dovecot: Dovecot,
  user: string,
  paths: string[],
): Promise<Map<string, number[]>> {
  return withImap(dovecot, user, async (client) => {
    const result = new Map<string, number[]>();
    for (const path of paths) result.set(path, await uidsOf(client, path));
    return result;
  });
}

async function uidsOf(client: ImapFlow, path: string): Promise<number[]> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const found = await client.search({ all: true }, { uid: true });
    return (found || []).sort((a, b) => a - b);
  } finally {
    lock.release();
  }
}

export interface ServerCopy {
  uid: number;
  flags: string[];
  messageId: string | null;
  subject: string;
}

/** Flags and identity of every message in one folder, as another client sees them. */
export async function serverCopies(
  dovecot: Dovecot,
  user: string,
  path: string,
): Promise<ServerCopy[]> {
  return withImap(dovecot, user, async (client) => {
    const lock = await client.getMailboxLock(path, { readOnly: true });
    try {
      const exists = client.mailbox === false ? 0 : client.mailbox.exists;
      if (exists === 0) return [];
      const fetched = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
      return fetched
        .map((message) => ({
          uid: message.uid,
          flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
          messageId: message.envelope?.messageId ?? null,
          subject: message.envelope?.subject ?? '',
        }))
        .sort((a, b) => a.uid - b.uid);
    } finally {
      lock.release();
    }
  });
}

export interface CacheProblems {
  /** (mailbox, uid) pairs stored more than once. */
  duplicateLocations: number;
  /** dedupe keys stored more than once in one account. */
  duplicateKeys: number;
  /** Message rows that share a Message-ID (a duplicated message, for mail with unique ids). */
  duplicateMessageIds: number;
  /** Message rows no folder holds (should have been collected). */
  orphanMessages: number;
  /** Message rows whose text was never fetched. */
  pendingBodies: number;
  /** Conversations whose stored count differs from the messages filed under them. */
  staleConversations: number;
}

export function cacheProblems(db: Database.Database): CacheProblems {
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    duplicateLocations: count(
      'SELECT count(*) AS n FROM (SELECT 1 FROM message_locations GROUP BY mailbox_id, uid HAVING count(*) > 1)',
    ),
    duplicateKeys: count(
      'SELECT count(*) AS n FROM (SELECT 1 FROM messages GROUP BY account_id, dedupe_key HAVING count(*) > 1)',
    ),
    duplicateMessageIds: count(
      `SELECT count(*) AS n FROM (SELECT 1 FROM messages WHERE message_id IS NOT NULL
         GROUP BY account_id, message_id HAVING count(*) > 1)`,
    ),
    orphanMessages: count(
      'SELECT count(*) AS n FROM messages m WHERE NOT EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id)',
    ),
    pendingBodies: count("SELECT count(*) AS n FROM messages WHERE body_state = 'pending'"),
    staleConversations: count(
      `SELECT count(*) AS n FROM conversations c
       WHERE c.message_count <> (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id
                                   AND EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id))`,
    ),
  };
}

export const NO_PROBLEMS: CacheProblems = {
  duplicateLocations: 0,
  duplicateKeys: 0,
  duplicateMessageIds: 0,
  orphanMessages: 0,
  pendingBodies: 0,
  staleConversations: 0,
};

/**
 * FTS5's own check that the full-text index holds exactly the content of every message row
 * (external-content tables compare against `messages`): a row missing from the index, or indexed
 * with other text, fails it. Needs a writable connection; run it when no sync is running.
 */
export function searchIndexIsComplete(
  dataDir: string,
): { ok: true } | { ok: false; error: string } {
  const db = new Database(cachePath(dataDir), { fileMustExist: true });
  try {
    db.prepare(
      "INSERT INTO message_search (message_search, rank) VALUES ('integrity-check', 1)",
    ).run();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    db.close();
  }
}

/** Message rows the FTS index returns for a query (bypassing the CLI's one-hit-per-conversation). */
export function ftsRows(db: Database.Database, query: string): number[] {
  return (
    (
      db
        // The index is keyed by messages.search_key (src/search/search-key.ts), not by id.
        .prepare(
          `SELECT m.id FROM message_search JOIN messages m ON m.search_key = message_search.rowid
         WHERE message_search MATCH ? ORDER BY m.id`,
        )
        .all(query) as Array<{
        id: number;
      }>
    ).map((row) => row.id)
  );
}

/** What must agree between two caches of the same mailbox (ids derive from the server's data). */
export interface CacheFingerprint {
  conversations: Array<{ id: string; messageCount: number; subject: string }>;
  messages: string[];
  locations: string[];
}

export function cacheFingerprint(db: Database.Database): CacheFingerprint {
  return {
    conversations: db
      .prepare(
        'SELECT id, message_count AS messageCount, subject FROM conversations WHERE message_count > 0 ORDER BY id',
      )
      .all() as CacheFingerprint['conversations'],
    messages: (
      db
        .prepare('SELECT conversation_id, dedupe_key FROM messages ORDER BY dedupe_key')
        .all() as Array<{
        conversation_id: string;
        dedupe_key: string;
      }>
    ).map((row) => `${row.dedupe_key} ${row.conversation_id}`),
    locations: (
      db
        .prepare(
          `SELECT mb.path, l.uid, m.dedupe_key FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id
           JOIN messages m ON m.id = l.message_id ORDER BY mb.path, l.uid`,
        )
        .all() as Array<{ path: string; uid: number; dedupe_key: string }>
    ).map((row) => `${row.path} ${row.uid} ${row.dedupe_key}`),
  };
}
