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

/** Two token buckets (messages, bytes), refilled continuously. */
export class RateLimiter {
  private messages: number;
  private bytes: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.messages = limit.burstMessages;
    this.bytes = limit.burstBytes;
    this.last = now();
  }

  /** Takes one message of `size` bytes from the budget; false when it is exhausted. */
  take(size: number): boolean {
    const now = this.now();
    const seconds = (now - this.last) / 1000;
    this.last = now;
    this.messages = Math.min(
      this.limit.burstMessages,
      this.messages + seconds * this.limit.messagesPerSecond,
    );
    this.bytes = Math.min(this.limit.burstBytes, this.bytes + seconds * this.limit.bytesPerSecond);
    this.messages -= 1;
    this.bytes -= size;
    return this.messages >= 0 && this.bytes >= 0;
  }
}
