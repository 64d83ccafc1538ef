import { databaseUserError } from '../db/database-errors.js';
import { openDatabase, type Db } from '../db/open-database.js';
import type { UserError } from '../errors.js';
import { cacheFile, prepareDataDir } from './data-dir.js';

/**
 * What a damaged cache means, said honestly: most of it comes back from the servers, but not
 * everything in it is on a server.
 */
const WHEN_DAMAGED =
  'mail and team state can be rebuilt from the servers, but the accounts, the team membership and changes not sent yet (pending mail actions, team changes made offline) are only in this file: to rebuild, move it and its -wal and -shm files out of the data directory, add the accounts again (`switchboard account add`, `switchboard team join`) and run `switchboard sync --once`';

/** Opens (and migrates) a data directory's mail cache, preparing the directory first. */
export function openCache(dataDir: string): Db {
  prepareDataDir(dataDir);
  return openDatabase(cacheFile(dataDir), { whenDamaged: WHEN_DAMAGED });
}

/**
 * The UserError for an error raised while using the cache `file` after it was opened (a damaged
 * page is found by the query that reads it), or undefined when it is not about the file.
 */
export function cacheUserError(error: unknown, file: string): UserError | undefined {
  return databaseUserError(error, file, WHEN_DAMAGED);
}
