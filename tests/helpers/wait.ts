import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Polls `check` every 50 ms until it holds or `ms` pass; returns whether it held. */
export async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return check();
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
