import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate.js';

export type Db = Database.Database;

/**
 * Opens (and migrates) the cache. WAL lets readers (the UI, the CLI) run while the sync writes;
 * there is one writer per database, the sync engine.
 */
export function openDatabase(file: string, options: { migrateTo?: number } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode is durable against process crashes (kill -9); only a power loss can
    // drop the last transactions, which the server still has.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    migrate(db, options.migrateTo);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
