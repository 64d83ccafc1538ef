import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { databaseUserError } from './database-errors.js';
import { migrate, type Migration } from './migrate.js';
import { companionFiles, createPrivateFile, keepPrivate, makePrivateDir } from './private-files.js';

export type Db = Database.Database;

export interface OpenOptions {
  migrations?: Migration[];
  migrateTo?: number;
  pragmas?: string[];
  /**
   * What the user is told to do with the file when it is damaged (see databaseUserError); a
   * default that only says it is damaged otherwise.
   */
  whenDamaged?: string;
}

/**
 * Opens an SQLite database the way every Switchboard database is opened, and migrates it: WAL, so
 * readers run while the one writer writes; synchronous=NORMAL, which in WAL mode is durable
 * against process crashes (kill -9), only a power loss can drop the last transactions; foreign
 * keys on; a busy timeout so two processes on one file take turns (set first: switching a new
 * file to WAL takes a lock another process opening it may hold). The file and its companions
 * are owner-only (0600), in an owner-only directory if it creates one. Errors that concern the
 * file (damaged, read-only, a newer schema) are UserErrors naming it.
 */
export function openMigratedDatabase(file: string, options: OpenOptions = {}): Db {
  const whenDamaged = options.whenDamaged ?? 'restore it from a backup';
  let db: Db | undefined;
  try {
    if (file !== ':memory:') {
      makePrivateDir(dirname(file));
      createPrivateFile(file);
      for (const companion of [file, ...companionFiles(file)]) keepPrivate(companion);
      // SQLite would open a file it cannot write read-only, without a word, and fail later.
      accessSync(file, constants.R_OK | constants.W_OK);
    }
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    switchToWal(db);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    for (const pragma of options.pragmas ?? []) db.pragma(pragma);
    migrate(db, options.migrateTo, options.migrations);
    return db;
  } catch (error) {
    db?.close();
    throw databaseUserError(error, file, whenDamaged) ?? error;
  }
}

const BUSY_TIMEOUT_MS = 5000;

/**
 * WAL mode, which the file keeps once set. Switching a new file can fail at once with
 * SQLITE_BUSY when another process switches it at the same moment (SQLite does not call the busy
 * handler there; 1 open in ~50 failed with six processes creating a database together): it is
 * tried again until the busy timeout.
 */
function switchToWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Opens (and migrates) the mail cache, whose readers (the UI, the CLI) get a larger page cache. */
export function openDatabase(
  file: string,
  options: { migrateTo?: number; whenDamaged?: string } = {},
): Db {
  return openMigratedDatabase(file, {
    ...options,
    pragmas: ['cache_size = -32000', 'temp_store = MEMORY'],
  });
}
