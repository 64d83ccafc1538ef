import { createInterface } from 'node:readline';
import { spawnTs } from '../../helpers/ts-child.js';
import type { Stop, StoppingSenderConfig } from './stopping-sender.js';

/*
 * The outbox sender in a process of its own (stopping-sender.ts), for a test to kill it outright
 * at a step it names, and see what the next sender makes of what it left.
 */

const stoppingSenderUrl = new URL('./stopping-sender.ts', import.meta.url).href;

export interface SenderChild {
  /** Resolves once the child says it stands at `step`; rejects if it ends first. */
  reached(step: Stop): Promise<void>;
  /** `signal` as it comes, or a rejection naming `what` if the child ends before it. */
  whileAlive<T>(what: string, signal: Promise<T>): Promise<T>;
  /** SIGKILL (if it still runs), resolved once it is gone and its output read. */
  kill(): Promise<void>;
}

export function startSenderChild(config: StoppingSenderConfig): SenderChild {
  const child = spawnTs(`
    const { runStoppingSender } = await import(${JSON.stringify(stoppingSenderUrl)});
    await runStoppingSender(${JSON.stringify(config)});
  `);
  const lines: string[] = [];
  const lineWaiters = new Set<() => void>();
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const waiter of lineWaiters) waiter();
  });
  // 'close': the process is gone and every line it wrote has been read.
  const ended = new Promise<string>((resolve) => {
    child.once('close', (code, signal) => resolve(String(code ?? signal)));
  });

  const whileAlive = <T>(what: string, signal: Promise<T>): Promise<T> =>
    Promise.race([
      signal,
      ended.then((how) => {
        throw new Error(
          `the sender child ended (${how}) before ${what}; it said: ${lines.join(' | ')}; stderr: ${stderr}`,
        );
      }),
    ]);

  return {
    reached: (step) =>
      whileAlive(
        `it reached ${step}`,
        new Promise<void>((resolve) => {
          const check = (): void => {
            if (!lines.includes(step)) return;
            lineWaiters.delete(check);
            resolve();
          };
          lineWaiters.add(check);
          check();
        }),
      ),
    whileAlive,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await ended;
    },
  };
}
