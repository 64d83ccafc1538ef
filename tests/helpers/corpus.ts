import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { chownTree } from './chown-tree.js';
import type { Dovecot } from './dovecot.js';
import { repoRoot } from './repo-root.js';

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

/** ../shared/corpus/gen-corpus.js beside the checkout. */
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
