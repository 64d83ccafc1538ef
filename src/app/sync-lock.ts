import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';

/** Locks this process holds: its own pid in a lock file is not proof of that (pids get reused). */
const heldHere = new Set<string>();

/**
 * One sync process per data directory (the cache has one writer). The lock file holds the pid;
 * a lock left by a process that died (kill -9) is taken over.
 */
export function acquireSyncLock(file: string): () => void {
  const key = resolve(file);
  if (heldHere.has(key))
    throw new UserError('locked', 'this process already runs a sync on this data directory');
  mkdirSync(dirname(file), { recursive: true });
  for (let tries = 0; tries < 3; tries += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(key);
      return () => {
        heldHere.delete(key);
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new UserError(
          'locked',
          `another sync is already running on this data directory (pid ${pid})`,
        );
      }
      unlinkSync(file);
    }
  }
  throw new UserError('locked', `could not take the sync lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
