import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chownTree } from './chown-tree.js';
import type { Dovecot } from './dovecot.js';

const run = promisify(execFile);

/** The summary line gen-corpus.js prints. */
export interface CorpusSummary {
  messages: number;
  threads: number;
  total_bytes: number;
  total_MiB: number;
  median_bytes: number;
  p90_bytes: number;
  max_bytes: number;
  thread_size_median: number;
  thread_size_max: number;
  gen_seconds: number;
}

/** Walks up from this file (tests/helpers, or dist/tests/helpers once built) to package.json. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('seedCorpus: cannot find the repository root');
    dir = parent;
  }
  return dir;
}

export function corpusScript(): string {
  return resolve(repoRoot(), '..', 'shared', 'corpus', 'gen-corpus.js');
}

/**
 * Writes a deterministic corpus straight into the user's INBOX Maildir (no APPEND, so it is fast)
 * and hands the files to the mail uid. Dovecot picks the messages up on its next sync of INBOX.
 * Same (count, threads, seed) gives the same messages.
 */
export async function seedCorpus(
  dovecot: Dovecot,
  user: string,
  count: number,
  threads: number,
  seed: number,
): Promise<CorpusSummary> {
  const maildir = dovecot.maildir(user);
  const { stdout } = await run(
    process.execPath,
    [corpusScript(), maildir, String(count), String(threads), String(seed)],
    { maxBuffer: 1024 * 1024 },
  );
  await chownTree(maildir, dovecot.owner.uid, dovecot.owner.gid);
  const summaryLine = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(summaryLine) as CorpusSummary;
}
