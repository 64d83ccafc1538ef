/**
 * Latencies of one scenario run: up to a million samples per run (100 clients × 10 updates/s ×
 * 99 receivers × 10 s), so they go into fixed 10 µs buckets (O(1) per sample, no sorting, no
 * garbage while the clients are measuring) rather than into an array.
 */
export class LatencyHistogram {
  private static readonly BUCKET_US = 10;
  private static readonly MAX_US = 10_000_000;
  private readonly buckets = new Uint32Array(LatencyHistogram.MAX_US / LatencyHistogram.BUCKET_US);
  /** Samples past the last bucket, kept exactly (a server that backlogs for seconds). */
  private readonly overflow: number[] = [];
  /** Deliveries that never arrived: they rank above every latency (see percentile). */
  private lost = 0;
  count = 0;
  maxUs = 0;

  record(us: number): void {
    const value = us < 0 ? 0 : us;
    this.count += 1;
    if (value > this.maxUs) this.maxUs = value;
    const index = Math.floor(value / LatencyHistogram.BUCKET_US);
    if (index < this.buckets.length) this.buckets[index] = this.buckets[index]! + 1;
    else this.overflow.push(value);
  }

  /** Counts `count` deliveries that did not arrive in time as infinitely late. */
  recordLost(count: number): void {
    this.lost += count;
    this.count += count;
  }

  /**
   * The q-quantile in ms (q in 0..1), Infinity when it falls among the lost deliveries: a server
   * that drops or backlogs more than 1% of the traffic must not get a p99 from the rest.
   */
  percentileMs(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.min(this.count, Math.max(1, Math.ceil(q * this.count)));
    let seen = 0;
    for (let index = 0; index < this.buckets.length; index += 1) {
      seen += this.buckets[index]!;
      // The bucket's upper edge: a percentile is never reported as better than it was.
      if (seen >= rank) return ((index + 1) * LatencyHistogram.BUCKET_US) / 1000;
    }
    const sorted = [...this.overflow].sort((a, b) => a - b);
    const inOverflow = rank - seen;
    if (inOverflow <= sorted.length) return sorted[inOverflow - 1]! / 1000;
    return Number.POSITIVE_INFINITY;
  }
}

/** The median of a few numbers (NaN when there are none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
