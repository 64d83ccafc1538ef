import { truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { databaseUserError } from '../db/database-errors.js';
import { createPrivateFile, makePrivateDir } from '../db/private-files.js';

/** The connections holding a lock: referenced here so garbage collection never closes one. */
const held = new Set<Database.Database>();

/**
 * Takes the lock `file` for this process, or returns undefined when another connection holds
 * it. The lock is SQLite's exclusive lock on the file (a POSIX record lock; LockFileEx on
 * Windows), which the kernel releases when the process ends, however it ends (kill -9, a crash,
 * a zombie whose parent never reaps it): no pid to trust, no stale file to clean up, no window
 * between creating a file and writing into it. The file itself stays empty and is never deleted:
 * deleting a lock file lets two processes lock two different files of one name.
 *
 * Returns the release, which is idempotent.
 */
export function tryLock(file: string): (() => void) | undefined {
  try {
    makePrivateDir(dirname(file));
    createPrivateFile(file);
    for (let attempt = 0; ; attempt += 1) {
      const db = lockConnection(file);
      if (db === 'busy') return undefined;
      if (db === 'not-a-database' && attempt === 0) {
        // A pid file of the old scheme, `echo 1 > sync.lock`. Nobody holds it (SQLite takes
        // the lock before it reads the file) and a holder never writes into it, so emptying it
        // cannot disturb anyone.
        truncateSync(file);
        continue;
      }
      if (db === 'not-a-database') throw new Error(`${file} stays unreadable after emptying it`);
      held.add(db);
      return () => {
        held.delete(db);
        if (db.open) db.close();
      };
    }
  } catch (error) {
    throw databaseUserError(error, file, 'it holds nothing: delete it') ?? error;
  }
}

function lockConnection(file: string): Database.Database | 'busy' | 'not-a-database' {
  const db = new Database(file, { timeout: 0 });
  try {
    // No journal file: the transaction never writes, it only holds the lock.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
    return db;
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'not-a-database';
    throw error;
  }
}
