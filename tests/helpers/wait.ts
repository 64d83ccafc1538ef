import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect, promisify } from 'node:util';

const run = promisify(execFile);

/** How often `until` asks: often enough that a wait ends soon after its signal. */
const EVERY_MS = 20;
const DEFAULT_MS = 10_000;

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * The tests' one polling helper: waits for a positive signal. Asks `check` every `every` ms
 * until it returns a truthy value, and resolves to that value. After `ms` it rejects with an
 * error naming what was awaited (`what`, or what `what()` says at that moment, e.g. a child's
 * stderr) and the last value `check` returned.
 *
 * To assert that something did NOT happen, never wait a fixed time: make something happen after
 * it that must arrive (a marker sent behind it, a control client, a later poll), wait for that
 * here, then assert the absence.
 */
export function until<T>(
  what: string | (() => string),
  check: () => T | Promise<T>,
  ms?: number,
  every?: number,
): Promise<Truthy<T>>;
/**
 * The same, resolving to whether `check` held within `ms` instead of rejecting, for a caller that
 * reports the failure itself: `expect(await until(() => ..., 5_000), why).toBe(true)`.
 */
export function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean>;
export async function until<T>(
  ...args:
    | [what: string | (() => string), check: () => T | Promise<T>, ms?: number, every?: number]
    | [check: () => boolean | Promise<boolean>, ms: number]
): Promise<unknown> {
  if (typeof args[1] !== 'function') {
    const [check, ms] = args as [() => boolean | Promise<boolean>, number];
    return (await poll(check, ms, EVERY_MS)).held;
  }
  const [what, check, ms = DEFAULT_MS, every = EVERY_MS] = args as [
    string | (() => string),
    () => T | Promise<T>,
    number?,
    number?,
  ];
  const { held, value } = await poll(check, ms, every);
  if (held) return value;
  const awaited = typeof what === 'function' ? what() : what;
  throw new Error(
    `timed out after ${ms} ms waiting for ${awaited} (last seen: ${inspect(value, { depth: 3, breakLength: Infinity, maxStringLength: 500 })})`,
  );
}

async function poll<T>(
  check: () => T | Promise<T>,
  ms: number,
  every: number,
): Promise<{ held: boolean; value: T }> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return { held: true, value };
    // One last look after the deadline: a signal that arrived during the final sleep counts.
    if (Date.now() >= deadline) return { held: false, value };
    await sleep(Math.min(every, Math.max(0, deadline - Date.now())));
  }
}

/** PIDs that `pgrep <args>` prints; "no match" (exit status 1) is an empty list. */
export async function pgrep(...args: string[]): Promise<number[]> {
  try {
    const { stdout } = await run('pgrep', args);
    return stdout.trim().split('\n').filter(Boolean).map(Number);
  } catch (error) {
    if ((error as { code?: unknown }).code === 1) return [];
    throw error;
  }
}
