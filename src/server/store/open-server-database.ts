import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations } from '../../db/migrate.js';
import { openMigratedDatabase, type Db } from '../../db/open-database.js';
import { UserError } from '../../errors.js';

export type ServerDb = Db;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The server's database in a data directory: next to the mail cache, never inside it. */
export const serverDatabaseFile = (dataDir: string) => join(dataDir, 'server.sqlite');

/** The server's database is the only copy of who may connect (workspaces, members, tokens). */
const WHEN_DAMAGED =
  'it holds the workspaces, members and tokens of this server: restore it from a backup';

/**
 * Opens (and migrates) the server's database, numbered migrations as for the mail cache, opened
 * the same way (openMigratedDatabase): a committed transaction survives the process being killed
 * (kill -9), which is the durability the server promises; only an OS crash or power loss can drop
 * the last transactions. The admin CLI opens the same file while the server runs; with
 * `mustExist` it refuses a directory without one rather than create an empty database there.
 */
export function openServerDatabase(file: string, options: { mustExist?: boolean } = {}): ServerDb {
  if (options.mustExist && !existsSync(file))
    throw new UserError(
      'not-found',
      `there is no sync server database in ${dirname(file)}: create a workspace there first (\`switchboard server-admin create-workspace\`), or check the data directory`,
    );
  return openMigratedDatabase(file, {
    migrations: loadMigrations(MIGRATIONS_DIR),
    whenDamaged: WHEN_DAMAGED,
  });
}
