import { join } from 'node:path';
import { openSwitchboard, type Switchboard } from '../../../src/app/index.js';
import { serveApp, servedSecrets, type BrowserHost } from '../../../src/host/index.js';
import type { LaunchKey } from '../../../src/host/launch-key.js';
import type { SocketLimits } from '../../../src/host/socket-connection.js';

/*
 * The browser host in this process, over a real app on a temporary data directory: for what the
 * executable cannot be told (small limits, a key kept across a restart).
 */

export interface ServedApp {
  app: Switchboard;
  host: BrowserHost;
  key: string;
  origin: string;
  socketUrl: string;
  /** What the host logged. */
  lines: string[];
  /** Closes the host, then the app. */
  close(): Promise<void>;
}

export async function startServedApp(
  dir: string,
  staticDir: string,
  options: { limits?: Partial<SocketLimits>; key?: LaunchKey; port?: number } = {},
): Promise<ServedApp> {
  const app = await openSwitchboard({
    dataDir: join(dir, 'data'),
    secrets: servedSecrets({ resolve: () => undefined, readsEnvironment: false }),
  });
  const lines: string[] = [];
  const host = await serveApp(app, {
    staticDir,
    port: options.port ?? 0,
    log: (line) => lines.push(line),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.key ? { key: options.key } : {}),
  });
  const url = new URL(host.url);
  return {
    app,
    host,
    key: url.searchParams.get('key')!,
    origin: url.origin,
    socketUrl: `ws://${url.host}/ws`,
    lines,
    async close() {
      await host.close();
      await app.close();
    },
  };
}
