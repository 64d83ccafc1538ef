import { accessSync, constants, readdirSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { keepPrivate, makePrivateDir } from '../db/private-files.js';
import { UserError } from '../errors.js';

/** Where one app instance keeps its cache: `--data`, else the platform's default. */
export function resolveDataDir(flag: string | undefined, defaultDataDir: string): string {
  return resolve(flag ?? defaultDataDir);
}

export const cacheFile = (dataDir: string) => join(dataDir, 'cache.sqlite');
export const syncLockFile = (dataDir: string) => join(dataDir, 'sync.lock');

/**
 * What Switchboard keeps in a data directory, whose modes prepareDataDir corrects: databases and
 * their companions, locks, the team token (team-config.ts), the embedded server's address.
 * Nothing else is touched: a data directory may be a directory the user keeps other things in.
 */
const OWN_FILE = /(?:\.sqlite(?:-wal|-shm|-journal)?|\.lock|^team-token|^url)$/;
/** The embedded sync server's directory (embedded-server.ts), a data directory of its own. */
const OWN_DIRECTORY = 'embedded-server';

/**
 * Makes `dir` ready to be a data directory, or says in one line why it cannot be: created
 * owner-only (0700) if missing; an existing one (of an older version) made owner-only, with the
 * files Switchboard keeps in it (0600: the team's mail, its credentials). The CLI calls it before
 * it opens anything there, the desktop app will too.
 */
export function prepareDataDir(dir: string): void {
  const existing = statOrUndefined(dir);
  if (existing && !existing.isDirectory())
    throw new UserError('data-dir', `the data directory ${dir} is not a directory`);
  if (!existing) {
    try {
      makePrivateDir(dir);
    } catch (error) {
      throw new UserError(
        'data-dir',
        `the data directory ${dir} cannot be created: ${why(error, dir)}`,
        { cause: error },
      );
    }
  }
  try {
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new UserError(
      'data-dir',
      `the data directory ${dir} is read-only for this user: Switchboard needs to write there (check its permissions, or choose another data directory)`,
      { cause: error },
    );
  }
  keepOwnFilesPrivate(dir);
}

function keepOwnFilesPrivate(dir: string): void {
  keepPrivate(dir);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && OWN_FILE.test(entry.name)) keepPrivate(path);
    else if (entry.isDirectory() && entry.name === OWN_DIRECTORY) keepOwnFilesPrivate(path);
  }
}

/** Why a directory could not be created, in words. */
function why(error: unknown, dir: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    // A file where a directory of the path should be: name it.
    for (let parent = dirname(dir); parent !== dirname(parent); parent = dirname(parent)) {
      const stats = statOrUndefined(parent);
      if (stats && !stats.isDirectory()) return `${parent} is not a directory`;
    }
    return 'a part of its path is not a directory';
  }
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  return (error as Error).message;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
