import { spawn, type ChildProcess } from 'node:child_process';

/** A child process with what it printed so far and its end. */
export interface WatchedProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node ARGS`, collecting its stdout and stderr. */
export function spawnWatched(args: string[], env: NodeJS.ProcessEnv = process.env): WatchedProcess {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/**
 * Spawns `node ARGS` and resolves once a line of its stdout matches `line` (multiline), with the
 * match. If it exits first, or takes longer than `timeoutMs` (then it is killed), it rejects with
 * its stderr.
 */
export function spawnUntilLine(
  args: string[],
  line: RegExp,
  options: { what: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<WatchedProcess & { match: RegExpExecArray }> {
  const watched = spawnWatched(args, options.env);
  const { child, exited } = watched;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${options.what} did not start within ${options.timeoutMs} ms: ${watched.stderr()}`,
        ),
      );
    }, options.timeoutMs);
    const onData = () => {
      const match = line.exec(watched.stdout());
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ ...watched, match });
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${options.what} exited (${code ?? signal}) before it was ready: ${watched.stderr()}`,
        ),
      );
    });
  });
}
