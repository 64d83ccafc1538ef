import { chown, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** `chown -R`: mail written behind Dovecot's back must belong to the user's mail uid. */
export async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries.map((entry) => {
      const child = join(path, entry.name);
      return entry.isDirectory() ? chownTree(child, uid, gid) : chown(child, uid, gid);
    }),
  );
}
