import { UserError } from '../errors.js';
import { tryLock } from './process-lock.js';

/**
 * One sync process per data directory (the cache has one writer). Released when the process
 * ends, however it ends (see tryLock).
 */
export function acquireSyncLock(file: string): () => void {
  const release = tryLock(file);
  if (!release)
    throw new UserError('locked', 'another sync is already running on this data directory');
  return release;
}
