import type { Db } from '../db/open-database.js';

/** From this many messages (headers or texts) to write, a sync pass loads in bulk mode. */
export const BULK_LOAD_FROM = 2000;

/** FTS5's own default (https://www.sqlite.org/fts5.html#the_automerge_configuration_option). */
const DEFAULT_AUTOMERGE = 4;
/** WAL pages between checkpoints during a bulk load: 400 MB (a 20k mailbox needs none). */
const BULK_AUTOCHECKPOINT = 100_000;

/** Each connection's own checkpoint interval, while it is raised for a bulk load. */
const normalAutocheckpoint = new WeakMap<Db, number>();

/**
 * Bulk mode, for a first sync's thousands of messages. Two pieces of upkeep that pay off over a
 * long life but not during a load are put off until it ends (measured on the 20k corpus):
 *
 * - FTS5 segment merging. By default FTS5 merges its b-tree segments as they pile up, so every
 *   word is rewritten several times while a mailbox loads; off, indexing took 2.9 s instead of
 *   3.9 s, and one `optimize` afterwards merged everything in 0.37 s. Meanwhile FTS5's crisis
 *   merge still caps the segments per level at 16, so queries stay fast. (A database setting:
 *   it outlives a crash, and the next pass's `endBulkLoad` clears it.)
 * - WAL checkpoints. Copying the WAL back into the database (and the fsyncs that go with it)
 *   every 40 MB cost 0.4 s of the 20k corpus's text phase. (A connection setting.)
 */
export function beginBulkLoad(db: Db): void {
  if (!normalAutocheckpoint.has(db)) {
    normalAutocheckpoint.set(db, db.pragma('wal_autocheckpoint', { simple: true }) as number);
    db.pragma(`wal_autocheckpoint = ${BULK_AUTOCHECKPOINT}`);
  }
  db.prepare("INSERT INTO message_search (message_search, rank) VALUES ('automerge', 0)").run();
}

/**
 * Ends bulk mode, if on: merges the search index and restores merging, and restores the
 * checkpoint interval, so the commit of this very transaction checkpoints the WAL. Returns
 * whether there was anything to end.
 */
export function endBulkLoad(db: Db): boolean {
  let ended = false;
  const normal = normalAutocheckpoint.get(db);
  if (normal !== undefined) {
    db.pragma(`wal_autocheckpoint = ${normal}`);
    normalAutocheckpoint.delete(db);
    ended = true;
  }
  const automerge = db
    .prepare<[], { v: unknown }>("SELECT v FROM message_search_config WHERE k = 'automerge'")
    .get();
  if (automerge?.v === 0) {
    // A literal: FTS5 refuses the value as a bound parameter (better-sqlite3 binds a double).
    db.prepare(
      `INSERT INTO message_search (message_search, rank) VALUES ('automerge', ${DEFAULT_AUTOMERGE})`,
    ).run();
    db.prepare("INSERT INTO message_search (message_search) VALUES ('optimize')").run();
    ended = true;
  }
  return ended;
}
