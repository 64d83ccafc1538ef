import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from '../../sync/support/cli.js';

/*
 * `switchboard serve` as a real process (node bin/switchboard.js → dist/: build first): what a
 * user runs, its last stdout line the URL to open, stopped by a signal.
 */

export interface ServeProcess {
  child: ChildProcess;
  /** The URL printed last, with the launch key. */
  url: URL;
  key: string;
  /** `http://127.0.0.1:PORT`: what the page's Origin is. */
  origin: string;
  /** The WebSocket endpoint. */
  socketUrl: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The line `serve` prints last on stdout: the URL to open, carrying the key. */
const URL_LINE = /^(https?:\/\/\S+\?key=\S+)$/m;

export function spawnServe(
  args: string[],
  /** `rendererDir`: served instead of the package's dist/renderer. */
  options: { rendererDir?: string; timeoutMs?: number } = {},
): Promise<ServeProcess> {
  const env = { ...process.env };
  if (options.rendererDir) env.SWITCHBOARD_RENDERER_DIR = options.rendererDir;
  else delete env.SWITCHBOARD_RENDERER_DIR;
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no URL within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    const onData = () => {
      const match = URL_LINE.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      const url = new URL(match[1]!);
      resolve({
        child,
        url,
        key: url.searchParams.get('key')!,
        origin: url.origin,
        socketUrl: `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}/ws`,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
      });
    };
    child.stdout.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before printing its URL: ${stderr}`));
    });
  });
}

/** Stops what a test started, whatever state it is in (a no-op once it has exited). */
export async function stopAll(processes: ServeProcess[]): Promise<void> {
  for (const served of processes.splice(0)) {
    if (served.child.exitCode === null && served.child.signalCode === null)
      served.child.kill('SIGKILL');
    await served.exited;
  }
}
