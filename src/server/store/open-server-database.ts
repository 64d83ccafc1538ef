import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../../db/migrate.js';

export type ServerDb = Database.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The server's database in a data directory: next to the mail cache, never inside it. */
export const serverDatabaseFile = (dataDir: string) => join(dataDir, 'server.sqlite');

/**
 * Opens (and migrates) the server's database, numbered migrations as for the mail cache
 * (src/db/migrate.ts). WAL with synchronous=NORMAL: a committed transaction survives the process
 * being killed (kill -9), which is the durability the server promises; only an OS crash or power
 * loss can drop the last transactions (use synchronous=FULL for that, at a cost per commit).
 * The admin CLI opens the same file while the server runs; busy_timeout lets them take turns.
 */
export function openServerDatabase(file: string): ServerDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, undefined, loadMigrations(MIGRATIONS_DIR));
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
