import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../server/support/server-process.js';
import { assertBuildIsCurrent } from '../sync/support/build.js';
import { BIN } from '../sync/support/cli.js';
import { until } from '../helpers/wait.js';

/*
 * `switchboard server` killed with SIGKILL starts again on the same data directory, also when
 * the killed process stays a zombie: its parent does not reap it (a container whose pid 1 is not
 * an init), so its pid still answers kill(pid, 0). Runs the real executable: build first.
 */

let dataDir: string;
const servers: ServerProcess[] = [];
beforeAll(() => {
  assertBuildIsCurrent();
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-server-restart-'));
});
afterAll(() => {
  for (const server of servers)
    if (server.child.exitCode === null && server.child.signalCode === null)
      server.child.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The process state letter of /proc/PID/stat ('Z': a zombie), or undefined once it is gone. */
function processState(pid: number): string | undefined {
  try {
    return /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Starts the server under a parent that does not reap it until told to (perl: fork, exec, then
 * wait for a line on stdin before waitpid).
 */
async function serverUnderLazyParent(args: string[]) {
  const parent = spawn(
    'perl',
    [
      '-e',
      'my $pid = fork() // die "fork: $!"; if (!$pid) { exec @ARGV or die "exec: $!" } print "pid $pid\\n"; $| = 1; <STDIN>; waitpid($pid, 0);',
      process.execPath,
      BIN,
      ...args,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: parent.stdout });
  let pid = 0;
  let url = '';
  for await (const line of lines) {
    const pidLine = /^pid (\d+)$/.exec(line);
    if (pidLine) pid = Number(pidLine[1]);
    const listening = /^listening on (ws:\/\/\S+)$/.exec(line);
    if (listening) {
      url = listening[1]!;
      break;
    }
  }
  if (!pid || !url) throw new Error(`the server did not start: ${stderr}`);
  const exited = new Promise((resolve) => parent.once('exit', resolve));
  return {
    pid,
    url,
    /** Lets the parent reap its child and exit. */
    reap: async () => {
      parent.stdin.end('\n');
      await exited;
    },
  };
}

describe('switchboard server after kill -9', () => {
  it('starts again while the killed server is still a zombie', async () => {
    const first = await serverUnderLazyParent(['server', '--data', dataDir, '--port', '0']);
    try {
      process.kill(first.pid, 'SIGKILL');
      expect(await until(() => processState(first.pid) === 'Z', 10_000)).toBe(true);
      // A zombie is "alive" to kill(pid, 0): what a pid file lock would trust.
      expect(() => process.kill(first.pid, 0)).not.toThrow();

      const again = await spawnServer(['server', '--data', dataDir, '--port', '0']);
      servers.push(again);
      expect(again.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${again.url.replace(/^ws/, 'http')}/healthz`);
      expect((await health.text()).trim()).toBe('ok');
      again.child.kill('SIGTERM');
      expect(await again.exited).toEqual({ code: 0, signal: null });
    } finally {
      await first.reap();
    }
  });

  it('starts over a lock file with a stale pid in it (pid 1, always alive)', async () => {
    writeFileSync(join(dataDir, 'server.lock'), '1\n');
    const server = await spawnServer(['server', '--data', dataDir, '--port', '0']);
    servers.push(server);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
