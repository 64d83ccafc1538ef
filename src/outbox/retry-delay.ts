/**
 * How long a message waits after its n-th temporary failure (4xx, a dropped connection): 30 s,
 * doubled each time, at most 15 minutes. A 4xx asks the client to come back later (RFC 5321
 * §4.2.5) and greylisting servers accept the second try after a few minutes; retrying faster only
 * spends attempts.
 */
const FIRST_MS = 30_000;
const MOST_MS = 15 * 60_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(MOST_MS, FIRST_MS * 2 ** Math.max(0, attempts - 1));
}
