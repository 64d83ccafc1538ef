import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chownTree } from '../../helpers/chown-tree.js';
import type { Dovecot } from '../../helpers/dovecot.js';
import { BIN } from '../../sync/support/cli.js';

/*
 * The real executable (bin/switchboard.js, the compiled dist/: run `npm run build` first) where
 * what is tested is the process itself: its exit, its stderr, its working directory, its pipe.
 */

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs `switchboard ARGS` to completion. `closeAfterFirstChunk`: the reader closes its end of
 * stdout after the first chunk it receives, as `| head -1` does; `out` is that chunk.
 */
export function runSwitchboard(
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    closeAfterFirstChunk?: boolean;
    /** Run as this user (tests running as root that need permission bits to count). */
    user?: { uid: number; gid: number };
  } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      ...options.user,
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (options.closeAfterFirstChunk) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
  });
}

/**
 * Puts messages straight into a user's INBOX Maildir (no APPEND: thousands take a moment), owned
 * by the mail uid; Dovecot finds them at its next look at the folder. `raw` in CRLF or LF.
 */
export async function fillInbox(dovecot: Dovecot, user: string, raws: string[]): Promise<void> {
  const maildir = dovecot.maildir(user);
  const fresh = join(maildir, 'new');
  await mkdir(fresh, { recursive: true });
  const stamp = Date.now();
  await Promise.all(
    raws.map((raw, index) =>
      writeFile(
        join(fresh, `${stamp}.M${index}P${process.pid}.switchboard-test`),
        raw.replace(/\r\n/g, '\n'),
      ),
    ),
  );
  await chownTree(maildir, dovecot.owner.uid, dovecot.owner.gid);
}
