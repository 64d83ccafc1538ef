import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../helpers/free-port.js';
import { repoRoot } from '../../helpers/repo-root.js';
import {
  hocuspocusFraming,
  switchboardFraming,
  yWebsocketFraming,
  type Framing,
} from './framing.js';

export const HOST = '127.0.0.1';
/** The server gets core 0, the clients core 1 (see pinClientProcess). */
export const SERVER_CORE = 0;
export const CLIENT_CORE = 1;

export interface LaunchedServer {
  readonly name: string;
  readonly pid: number;
  readonly framing: Framing;
  /** What the server wrote on stderr (our server logs refused or closed clients there). */
  stderrLines(): string[];
  stop(): Promise<void>;
}

export type ServerKind = 'y-websocket' | 'hocuspocus' | 'switchboard';

export const hasTaskset = (): boolean =>
  spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;

/**
 * Pins this process (every thread: V8's and libuv's too, and those it starts later) to the
 * clients' core, so that load generation and the server never compete for a core.
 */
export function pinClientProcess(): boolean {
  if (!hasTaskset()) return false;
  return (
    spawnSync('taskset', ['-a', '-p', '-c', String(CLIENT_CORE), String(process.pid)], {
      stdio: 'ignore',
    }).status === 0
  );
}

export async function launchServer(kind: ServerKind, pin: boolean): Promise<LaunchedServer> {
  const root = repoRoot();
  switch (kind) {
    case 'y-websocket': {
      // Its server prints the port it was given, so it gets a free one (retried if taken meanwhile).
      for (let attempt = 1; ; attempt += 1) {
        const port = await freePort();
        try {
          const child = await start(
            pin,
            [join(root, 'node_modules/@y/websocket-server/src/server.js')],
            { HOST, PORT: String(port) },
            /running at/,
          );
          return launched(
            kind,
            child.process,
            yWebsocketFraming(`ws://${HOST}:${port}`),
            child.stderr,
          );
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
    }
    case 'hocuspocus': {
      const child = await start(
        pin,
        [join(root, 'dist/tests/bench/support/hocuspocus-server-main.js'), HOST],
        {},
        /^\{/,
      );
      const { port } = JSON.parse(child.line) as { port: number };
      return launched(kind, child.process, hocuspocusFraming(`ws://${HOST}:${port}`), child.stderr);
    }
    case 'switchboard': {
      const dataDir = mkdtempSync(join(tmpdir(), 'bench-collab-'));
      try {
        const child = await start(
          pin,
          [join(root, 'dist/tests/bench/support/switchboard-server-main.js'), dataDir, HOST],
          {},
          /^\{/,
        );
        const { url, workspaceId, token } = JSON.parse(child.line) as {
          url: string;
          workspaceId: string;
          token: string;
        };
        const server = launched(
          kind,
          child.process,
          switchboardFraming(url, workspaceId, token),
          child.stderr,
        );
        return {
          ...server,
          async stop() {
            await server.stop();
            rmSync(dataDir, { recursive: true, force: true });
          },
        };
      } catch (error) {
        rmSync(dataDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

interface Started {
  process: ChildProcess;
  line: string;
  stderr: string[];
}

/** Starts `node args` (pinned to the server core) and waits for its ready line on stdout. */
function start(
  pin: boolean,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<Started> {
  const command = pin ? 'taskset' : process.execPath;
  // taskset execs node in place: the child's pid is the server's, for /proc.
  const argv = pin ? ['-c', String(SERVER_CORE), process.execPath, ...args] : args;
  const child = spawn(command, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    // Enough to explain a failure; a server logging every message must not fill our memory.
    for (const line of lines) if (stderr.length < 1000) stderr.push(line);
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`${args[0]} did not start within 15 s`)), 15_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new Error(
          `${error.message}${stderr.length > 0 ? `\n${stderr.slice(-10).join('\n')}` : ''}`,
        ),
      );
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => ready.test(candidate));
      if (!line) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      // Keep draining stdout so a chatty server never blocks on a full pipe.
      child.stdout.resume();
      child.off('exit', onExit);
      resolve({ process: child, line, stderr });
    };
    const onExit = (code: number | null) =>
      fail(new Error(`${args[0]} exited with ${code} before it was ready`));
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

function launched(
  name: string,
  child: ChildProcess,
  framing: Framing,
  stderr: string[],
): LaunchedServer {
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: no pid`);
  return {
    name,
    pid,
    framing,
    stderrLines: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
