import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, type Migration } from './migrate.js';

export type Db = Database.Database;

/**
 * Opens an SQLite database the way every Switchboard database is opened, and migrates it: WAL, so
 * readers run while the one writer writes; synchronous=NORMAL, which in WAL mode is durable
 * against process crashes (kill -9), only a power loss can drop the last transactions; foreign
 * keys on; a busy timeout so two processes on one file take turns.
 */
export function openMigratedDatabase(
  file: string,
  options: { migrations?: Migration[]; migrateTo?: number; pragmas?: string[] } = {},
): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    for (const pragma of options.pragmas ?? []) db.pragma(pragma);
    migrate(db, options.migrateTo, options.migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Opens (and migrates) the mail cache, whose readers (the UI, the CLI) get a larger page cache. */
export function openDatabase(file: string, options: { migrateTo?: number } = {}): Db {
  return openMigratedDatabase(file, {
    ...(options.migrateTo === undefined ? {} : { migrateTo: options.migrateTo }),
    pragmas: ['cache_size = -32000', 'temp_store = MEMORY'],
  });
}
