/** Per-connection budget: a burst may go up to `burst*`, the steady rate is `*PerSecond`. */
export interface RateLimit {
  messagesPerSecond: number;
  burstMessages: number;
  bytesPerSecond: number;
  burstBytes: number;
}

/**
 * Generous for people typing (the stock client sends one message per keystroke transaction, plus
 * awareness every 15 s) and for a reconnect that uploads a day of offline work in one step 2,
 * tight enough that one connection cannot monopolise the server's writer.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = {
  messagesPerSecond: 100,
  burstMessages: 500,
  bytesPerSecond: 2 * 1024 * 1024,
  burstBytes: 32 * 1024 * 1024,
};

/** Milliseconds, monotonic. */
export type Clock = () => number;

const monotonic: Clock = () => performance.now();

/** A token bucket refilled continuously: holds up to `capacity`, gains `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: Clock = monotonic,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Takes `amount` (it may go negative: a debt paid back before the next take succeeds). */
  take(amount = 1): boolean {
    this.refill();
    this.tokens -= amount;
    return this.tokens >= 0;
  }

  /** Whether `amount` is there, without taking it. */
  has(amount = 1): boolean {
    this.refill();
    return this.tokens >= amount;
  }

  /** Full again: forgetting the bucket changes nothing. */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.capacity;
  }

  private refill(): void {
    const now = this.now();
    // Skipped when no time passed: 0 × Infinity (a limit lifted) would be NaN.
    if (now > this.last)
      this.tokens = Math.min(
        this.capacity,
        this.tokens + ((now - this.last) / 1000) * this.perSecond,
      );
    this.last = now;
  }
}

/** Two token buckets (messages, bytes). */
export class RateLimiter {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(limit: RateLimit, now: Clock = monotonic) {
    this.messages = new TokenBucket(limit.burstMessages, limit.messagesPerSecond, now);
    this.bytes = new TokenBucket(limit.burstBytes, limit.bytesPerSecond, now);
  }

  /** Takes one message of `size` bytes from the budget; false when it is exhausted. */
  take(size: number): boolean {
    const message = this.messages.take(1);
    const bytes = this.bytes.take(size);
    return message && bytes;
  }

  get full(): boolean {
    return this.messages.full && this.bytes.full;
  }
}
