/** Compresses UIDs into an IMAP sequence set ("1:5,9,12:14", RFC 3501 §9 `sequence-set`). */
export function toSequenceSet(uids: Iterable<number>): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let previous = start;
  for (const uid of sorted.slice(1)) {
    if (uid === previous! + 1) {
      previous = uid;
      continue;
    }
    parts.push(start === previous ? `${start}` : `${start}:${previous}`);
    start = uid;
    previous = uid;
  }
  if (start !== undefined) parts.push(start === previous ? `${start}` : `${start}:${previous}`);
  return parts.join(',');
}

/**
 * Splits newest-first work into growing batches: a small first batch puts the newest mail on
 * screen within a round trip, larger later ones keep the per-command overhead low.
 */
export function growingBatches<T>(items: readonly T[], first = 250, max = 4000): T[][] {
  const batches: T[][] = [];
  let size = first;
  for (let index = 0; index < items.length; index += size, size = Math.min(max, size * 2)) {
    batches.push(items.slice(index, index + size));
  }
  return batches;
}
