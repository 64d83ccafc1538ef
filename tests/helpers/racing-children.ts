import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { spawnTs } from './ts-child.js';

/*
 * A few long-lived Node processes that do one thing at the same moment, for races between
 * processes (locks, migrations): starting a process per attempt would spread the attempts over
 * the hundreds of milliseconds a start takes, and the race would not happen.
 */

/** What one child answered: its handler's result, or the error it threw (`code message`). */
export interface ChildReply {
  ok?: unknown;
  error?: string;
  /** The error's stack (or its cause's), for a failure's message. */
  stack?: string;
}

interface Pending {
  resolve: (reply: ChildReply) => void;
  reject: (error: Error) => void;
}

export interface RacingChildren {
  readonly pids: number[];
  /** Sends `arg` to every child; they all run their handler at the same wall-clock moment. */
  all(arg: unknown): Promise<ChildReply[]>;
  /** Runs the handler in one child, now. */
  one(index: number, arg: unknown): Promise<ChildReply>;
  /** Ends the children (stdin closed: each finishes the work it has and exits). */
  close(): Promise<void>;
}

/**
 * Starts `count` children. `setup` is module code run once per child (it may `await import()`
 * .ts files by URL) that must define `async function handle(arg)`; its result (JSON) is the
 * reply.
 */
export async function startRacingChildren(count: number, setup: string): Promise<RacingChildren> {
  const code = `
${setup}
const { createInterface } = await import('node:readline');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
process.stdout.write('ready\\n');
for await (const line of createInterface({ input: process.stdin })) {
  const { at, arg } = JSON.parse(line);
  while (Date.now() < at - 3) await sleep(1);
  while (Date.now() < at) {}
  let reply;
  try {
    reply = { ok: (await handle(arg)) ?? null };
  } catch (error) {
    reply = {
      error: \`\${error?.code ?? ''} \${error?.message ?? String(error)}\`.trim(),
      stack: String(error?.cause?.stack ?? error?.stack),
    };
  }
  process.stdout.write(JSON.stringify(reply) + '\\n');
}
// stdin closed: done, whatever the handler left running (a server, a timer).
process.exit(0);
`;
  const children: ChildProcess[] = [];
  const queues: Pending[][] = [];
  const ready: Array<Promise<void>> = [];
  for (let index = 0; index < count; index += 1) {
    const child = spawnTs(code);
    const queue: Pending[] = [];
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout! });
    ready.push(
      new Promise((resolve, reject) => {
        let started = false;
        lines.on('line', (line) => {
          if (!started) {
            started = line === 'ready';
            if (started) resolve();
            return;
          }
          queue.shift()?.resolve(JSON.parse(line) as ChildReply);
        });
        child.once('exit', (code, signal) => {
          const error = new Error(`child ${index} exited (${code ?? signal}): ${stderr}`);
          if (!started) reject(error);
          for (const pending of queue.splice(0)) pending.reject(error);
        });
      }),
    );
    children.push(child);
    queues.push(queue);
  }
  await Promise.all(ready);

  const send = (index: number, arg: unknown, at: number): Promise<ChildReply> =>
    new Promise((resolve, reject) => {
      queues[index]!.push({ resolve, reject });
      children[index]!.stdin!.write(`${JSON.stringify({ at, arg })}\n`);
    });

  return {
    pids: children.map((child) => child.pid!),
    // A moment far enough ahead for every child to have read the line.
    all: (arg) => {
      const at = Date.now() + 20 + 2 * count;
      return Promise.all(children.map((_, index) => send(index, arg, at)));
    },
    one: (index, arg) => send(index, arg, 0),
    close: async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.stdin!.end();
            }),
        ),
      );
    },
  };
}
