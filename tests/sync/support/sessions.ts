import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Dovecot } from '../../helpers/dovecot.js';

const run = promisify(execFile);

/**
 * Logged-in IMAP sessions of a user as the server counts them (`doveadm who`), to check from the
 * server's side that a client closed its connections.
 */
export async function imapSessions(dovecot: Dovecot, user: string): Promise<number> {
  const { stdout } = await run('doveadm', ['-c', join(dovecot.dir, 'dovecot.conf'), 'who']);
  // "username # proto (pids) (ips)", then one line per user and protocol.
  return stdout
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(([name, , proto]) => name === user && proto === 'imap')
    .reduce((sum, [, count]) => sum + Number(count), 0);
}
