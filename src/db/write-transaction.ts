import type { Db } from './open-database.js';

/**
 * Runs `fn` in one transaction that holds the write lock from its start (BEGIN IMMEDIATE).
 *
 * A deferred transaction that reads before it writes works on the snapshot of its first read;
 * should another connection (the cache writer's thread, another process) commit in between, its
 * first write fails at once with SQLITE_BUSY_SNAPSHOT, "database is locked", without the busy
 * timeout's wait (https://www.sqlite.org/isolation.html, "BEGIN IMMEDIATE"). Taken up front,
 * the lock is waited for like any other write instead. Inside another transaction it is a
 * savepoint of that one, as better-sqlite3 nests them.
 */
export function inWriteTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
