import { spawnUntilLine, type WatchedProcess } from '../../helpers/watched-process.js';
import { BIN } from '../../sync/support/cli.js';

/*
 * `switchboard server` as a real process (node bin/switchboard.js → dist/: build first), for
 * what only a process shows: its stdout contract, signals, kill -9.
 */

export interface ServerProcess extends WatchedProcess {
  url: string;
}

export async function spawnServer(args: string[], timeoutMs = 20_000): Promise<ServerProcess> {
  const started = await spawnUntilLine([BIN, ...args], /^listening on (wss?:\/\/\S+)$/m, {
    what: 'the server',
    timeoutMs,
  });
  return { ...started, url: started.match[1]! };
}
