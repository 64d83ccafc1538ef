import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/*
 * The data directory holds a team's mail and its credentials: only its owner may read it. Modes
 * are set file by file, never through the process umask, which the desktop app shares with
 * everything else it runs.
 */

const GROUP_AND_OTHER = 0o077;
/** S_ISVTX, the sticky bit (node:fs has no constant for it). */
const STICKY = 0o1000;

/**
 * Creates `dir` owner-only (0700), and missing parents with the usual modes. An existing
 * directory is left as it is (it may be anyone's: /tmp).
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return;
  }
  chmodSync(dir, 0o700);
}

/**
 * Creates `file` empty and owner-only (0600) unless it exists, before SQLite opens it: SQLite
 * gives the -wal, -shm and -journal files it creates the mode of the main file. An existing file
 * is never opened here: closing a descriptor drops every POSIX lock this process holds on the
 * file, SQLite's included.
 */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return;
  }
  // The umask may have taken more than group and other bits away.
  chmodSync(file, 0o600);
}

/**
 * Takes group and other permissions off `path` (an existing data directory of an older version,
 * files copied in). The owner's bits stay: a file made read-only on purpose stays read-only.
 * Missing files, files this user may not chmod and sticky directories (shared by
 * design, as /tmp) are left alone.
 */
export function keepPrivate(path: string): void {
  try {
    const { mode } = statSync(path);
    if (mode & GROUP_AND_OTHER && !(mode & STICKY))
      chmodSync(path, mode & 0o7777 & ~GROUP_AND_OTHER);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

/** The files SQLite keeps next to a database while it is open or after a crash. */
export const companionFiles = (file: string): string[] =>
  ['-wal', '-shm', '-journal'].map((suffix) => `${file}${suffix}`);
