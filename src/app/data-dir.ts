import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where one app instance keeps its cache: `--data`, else SWITCHBOARD_DATA, else the user's data dir. */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (flag) return resolve(flag);
  if (env.SWITCHBOARD_DATA) return resolve(env.SWITCHBOARD_DATA);
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'switchboard');
}

export const cacheFile = (dataDir: string) => join(dataDir, 'cache.sqlite');
export const blobDir = (dataDir: string) => join(dataDir, 'blobs');
export const syncLockFile = (dataDir: string) => join(dataDir, 'sync.lock');
