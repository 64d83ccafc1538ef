import { chownTree } from './chown-tree.js';
import { writeCorpus, type CorpusSummary } from './corpus/generate-corpus.js';
import type { Dovecot } from './dovecot.js';

export type { CorpusSummary } from './corpus/generate-corpus.js';

/**
 * Writes a deterministic corpus (tests/helpers/corpus/) straight into the user's INBOX Maildir
 * (no APPEND, so it is fast) and hands the files to the mail uid. Dovecot picks the messages up
 * on its next look at INBOX. Same (count, threads, seed) gives the same messages.
 */
export async function seedCorpus(
  dovecot: Dovecot,
  user: string,
  count: number,
  threads: number,
  seed: number,
): Promise<CorpusSummary> {
  const maildir = dovecot.maildir(user);
  const summary = writeCorpus(maildir, count, threads, seed);
  await chownTree(maildir, dovecot.owner.uid, dovecot.owner.gid);
  return summary;
}
