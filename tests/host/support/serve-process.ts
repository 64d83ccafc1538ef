import { spawnUntilLine, type WatchedProcess } from '../../helpers/watched-process.js';
import { BIN } from '../../sync/support/cli.js';

/*
 * `switchboard serve` as a real process (node bin/switchboard.js → dist/: build first): what a
 * user runs, its last stdout line the URL to open, stopped by a signal.
 */

export interface ServeProcess extends WatchedProcess {
  /** The URL printed last, with the launch key. */
  url: URL;
  key: string;
  /** `http://127.0.0.1:PORT`: what the page's Origin is. */
  origin: string;
  /** The WebSocket endpoint. */
  socketUrl: string;
}

/** The line `serve` prints last on stdout: the URL to open, carrying the key. */
const URL_LINE = /^(https?:\/\/\S+\?key=\S+)$/m;

export async function spawnServe(
  args: string[],
  /** `rendererDir`: served instead of the package's dist/renderer. */
  options: { rendererDir?: string; timeoutMs?: number } = {},
): Promise<ServeProcess> {
  const env = { ...process.env };
  if (options.rendererDir) env.SWITCHBOARD_RENDERER_DIR = options.rendererDir;
  else delete env.SWITCHBOARD_RENDERER_DIR;
  const started = await spawnUntilLine([BIN, 'serve', ...args], URL_LINE, {
    what: 'serve',
    timeoutMs: options.timeoutMs ?? 30_000,
    env,
  });
  const url = new URL(started.match[1]!);
  return {
    ...started,
    url,
    key: url.searchParams.get('key')!,
    origin: url.origin,
    socketUrl: `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}/ws`,
  };
}

/** Stops what a test started, whatever state it is in (a no-op once it has exited). */
export async function stopAll(processes: ServeProcess[]): Promise<void> {
  for (const served of processes.splice(0)) {
    if (served.child.exitCode === null && served.child.signalCode === null)
      served.child.kill('SIGKILL');
    await served.exited;
  }
}
