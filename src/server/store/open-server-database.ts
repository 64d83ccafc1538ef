import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations } from '../../db/migrate.js';
import { openMigratedDatabase, type Db } from '../../db/open-database.js';

export type ServerDb = Db;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The server's database in a data directory: next to the mail cache, never inside it. */
export const serverDatabaseFile = (dataDir: string) => join(dataDir, 'server.sqlite');

/**
 * Opens (and migrates) the server's database, numbered migrations as for the mail cache, opened
 * the same way (openMigratedDatabase): a committed transaction survives the process being killed
 * (kill -9), which is the durability the server promises; only an OS crash or power loss can drop
 * the last transactions. The admin CLI opens the same file while the server runs.
 */
export function openServerDatabase(file: string): ServerDb {
  return openMigratedDatabase(file, { migrations: loadMigrations(MIGRATIONS_DIR) });
}
