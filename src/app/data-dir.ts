import { join, resolve } from 'node:path';

/** Where one app instance keeps its cache: `--data`, else the platform's default. */
export function resolveDataDir(flag: string | undefined, defaultDataDir: string): string {
  return resolve(flag ?? defaultDataDir);
}

export const cacheFile = (dataDir: string) => join(dataDir, 'cache.sqlite');
export const syncLockFile = (dataDir: string) => join(dataDir, 'sync.lock');
