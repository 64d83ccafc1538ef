/** How soon the page tries the host again after losing it (the delay doubles to a ceiling). */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 250, maxMs: 10_000 };

/**
 * The wait before reconnection attempt `attempt` (0 first): between half and all of the doubled
 * delay, at random, so pages that lost the same host do not all return at the same instant.
 */
export function reconnectDelay(
  attempt: number,
  backoff: Backoff,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + (random() * ceiling) / 2;
}
