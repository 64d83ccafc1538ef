import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `text` as the whole of `file`, readable by its owner only (passwords, tokens): to a
 * temporary file, 0600 from its creation, synced, then renamed over it, so a crash leaves the old
 * file or the new one, never half of one. The folder is made (0700) if missing. A failure leaves
 * no temporary file behind and is thrown as it came, for the caller to say what was being kept.
 */
export function writeOwnerOnlyFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
