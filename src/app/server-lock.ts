import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { tryLock } from './process-lock.js';

/*
 * One sync server per data directory: two would both keep rooms in memory and compact each
 * other's updates away. The process that holds the lock may publish where its server listens
 * (the embedded server of solo use), for the other processes of the data directory; an address
 * is only ever written by the lock's holder, and the next holder removes the one a killed holder
 * left, so it is never trusted once its publisher is gone.
 */

export const serverLockFile = (dataDir: string) => join(dataDir, 'server.lock');
const urlFile = (dataDir: string) => join(dataDir, 'url');

/** Takes the server lock of `dataDir` (see tryLock), or throws UserError('locked'). */
export function acquireServerLock(dataDir: string): () => void {
  const release = tryLock(serverLockFile(dataDir));
  if (!release)
    throw new UserError('locked', `another sync server is already running on ${dataDir}`);
  withdrawServerUrl(dataDir);
  return release;
}

/** Says where this process's server listens; only while holding the lock (acquireServerLock). */
export function publishServerUrl(dataDir: string, url: string): void {
  // Written whole or not at all: a reader never sees half an address. The holder is the only
  // writer, so the temporary name needs nothing unique.
  const temporary = `${urlFile(dataDir)}.tmp`;
  writeFileSync(temporary, url, { mode: 0o600 });
  renameSync(temporary, urlFile(dataDir));
}

/** Before the server stops: nobody should connect to it any more. */
export function withdrawServerUrl(dataDir: string): void {
  rmSync(urlFile(dataDir), { force: true });
}

/** Where the lock holder's server listens, once it has said so. */
export function publishedServerUrl(dataDir: string): string | undefined {
  try {
    return readFileSync(urlFile(dataDir), 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
