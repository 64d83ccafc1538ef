/**
 * Times several ways of doing the same thing in one run, interleaved: every round runs each
 * contender once, in an order that rotates from round to round, so that what else the machine
 * does at a moment (the benchmark shares its cores) falls on all of them alike rather than on
 * whichever ran during it. Then the difference between two contenders is theirs.
 *
 * Each call is timed twice: wall-clock (what a user waits) and this process's CPU time (what the
 * call itself costs: the time another process held the core is not in it, so a small difference
 * between two contenders stays visible on a busy machine).
 */

export interface Timing {
  median: number;
  p95: number;
  /** Every sample, in ms, sorted. */
  samples: number[];
}

export interface Timings {
  wall: Timing;
  cpu: Timing;
}

export type Contenders<K extends string> = Record<K, () => unknown>;

/**
 * How many rounds: at least `minRuns`, then more until `budgetMs` has passed (or `maxRuns`), so
 * that a fast call is sampled thousands of times (its p95 is then the call's, not the luck of a
 * few samples) and a slow one still ends in reasonable time.
 */
export interface Rounds {
  minRuns: number;
  budgetMs: number;
  maxRuns: number;
}

/**
 * Runs `warmup` untimed rounds, then the timed ones; a contender's task may return a promise
 * (awaited inside its timing). Returns each contender's timings in ms, and how many rounds ran.
 */
export async function timeInterleaved<K extends string>(
  contenders: Contenders<K>,
  rounds: Rounds,
  warmup = 5,
): Promise<{ runs: number; timings: Record<K, Timings> }> {
  const keys = Object.keys(contenders) as K[];
  const wall = new Map(keys.map((key) => [key, [] as number[]]));
  const cpu = new Map(keys.map((key) => [key, [] as number[]]));
  const round = async (timed: boolean) => {
    for (let turn = 0; turn < keys.length; turn += 1) {
      const key = keys[(runs + turn) % keys.length]!;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await contenders[key]();
      const elapsed = performance.now() - started;
      const used = process.cpuUsage(cpuBefore);
      if (!timed) continue;
      wall.get(key)!.push(elapsed);
      cpu.get(key)!.push((used.user + used.system) / 1000);
    }
  };
  let runs = 0;
  for (let i = 0; i < warmup; i += 1) await round(false);
  const started = performance.now();
  while (
    runs < rounds.minRuns ||
    (runs < rounds.maxRuns && performance.now() - started < rounds.budgetMs)
  ) {
    await round(true);
    runs += 1;
  }
  const timings = Object.fromEntries(
    keys.map((key) => [key, { wall: summarize(wall.get(key)!), cpu: summarize(cpu.get(key)!) }]),
  ) as Record<K, Timings>;
  return { runs, timings };
}

/** Median and p95 (nearest rank) of some samples in ms. */
export function summarize(values: readonly number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), samples: sorted };
}
