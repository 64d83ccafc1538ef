import { createMaildir, writeMaildirMessage } from './maildir.js';
import { renderMessage } from './message.js';
import { planCorpus } from './thread-plan.js';

/*
 * The project's benchmark and test mailbox: `count` realistic messages in `threads` threads,
 * the same bytes for the same (count, threads, seed). What it holds:
 * - Message-ID / In-Reply-To / References chains, threads of 1 to 120 messages (thread-plan.ts);
 * - 45% text/plain, 55% multipart/alternative, about 10% with a 50-300 KB attachment;
 * - about 23% with a subject or sender beyond ASCII (RFC 2047 B and Q, UTF-8 and ISO-8859-1),
 *   bodies in 7bit, quoted-printable, 8bit and base64; mailing-list headers on 30% of threads;
 * - 10% unseen (half of those still in new/), 5% flagged, 5% answered;
 * - 20,000 messages are about 650 MiB, median 8 KB.
 */

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
  unseen: number;
  with_attachment: number;
  multipart_alternative: number;
  gen_seconds: number;
}

/** Writes the corpus into the Maildir `dir` (created if missing) and describes what it wrote. */
export function writeCorpus(
  dir: string,
  count: number,
  threads: number,
  seed: number,
): CorpusSummary {
  const started = performance.now();
  const plan = planCorpus(count, threads, seed);
  createMaildir(dir);
  const sizes: number[] = [];
  let unseen = 0;
  let withAttachment = 0;
  let alternative = 0;
  for (const planned of plan.messages) {
    const message = renderMessage(plan, planned);
    writeMaildirMessage(dir, planned.index, message);
    sizes.push(message.raw.length);
    if (message.flags === '') unseen += 1;
    if (message.hasAttachment) withAttachment += 1;
    if (message.shape === 'multipart/alternative') alternative += 1;
  }
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  const threadSizes = plan.threads.map((thread) => thread.messages.length);
  return {
    messages: count,
    threads: plan.threads.length,
    total_bytes: totalBytes,
    total_MiB: Number((totalBytes / 1024 / 1024).toFixed(1)),
    median_bytes: quantile(sizes, 0.5),
    p90_bytes: quantile(sizes, 0.9),
    max_bytes: Math.max(...sizes),
    thread_size_median: quantile(threadSizes, 0.5),
    thread_size_max: Math.max(...threadSizes),
    unseen,
    with_attachment: withAttachment,
    multipart_alternative: alternative,
    gen_seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
  };
}

/** The value below which a fraction `q` of `values` lies (nearest rank). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}
