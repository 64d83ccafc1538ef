import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkspaceDirectory } from '../../../src/server/access/workspace-directory.js';
import type { Role } from '../../../src/server/access/roles.js';
import {
  startSyncServer,
  type SyncServer,
  type SyncServerOptions,
} from '../../../src/server/start-sync-server.js';
import {
  openServerDatabase,
  serverDatabaseFile,
  type ServerDb,
} from '../../../src/server/store/open-server-database.js';

/**
 * A real sync server on 127.0.0.1 (a free port) over a fresh data directory with one workspace,
 * and a second connection to its database for the test's own admin work (WAL: both can use it).
 */
export interface TestServer {
  server: SyncServer;
  url: string;
  dataDir: string;
  workspaceId: string;
  adminToken: string;
  directory: WorkspaceDirectory;
  db: ServerDb;
  logs: string[];
  addMember(role: Role, name?: string): { memberId: string; token: string };
  /** Stops the server only (the data stays), e.g. to restart it on the same directory. */
  stop(): Promise<void>;
  /** Starts a server again on the same data directory (a new port). */
  restart(options?: Partial<SyncServerOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: Partial<SyncServerOptions> = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-server-test-'));
  const db = openServerDatabase(serverDatabaseFile(dataDir));
  const directory = new WorkspaceDirectory(db);
  const { workspaceId, token: adminToken } = directory.createWorkspace('Test team', {
    name: 'Ada',
    email: 'ada@example.com',
  });
  const logs: string[] = [];
  const start = (more: Partial<SyncServerOptions>) =>
    startSyncServer({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      log: (line) => logs.push(line),
      ...options,
      ...more,
    });
  let server = await start({});
  let stopped = false;
  const handle: TestServer = {
    server,
    url: server.url,
    dataDir,
    workspaceId,
    adminToken,
    directory,
    db,
    logs,
    addMember: (role, name = role) =>
      directory.addMember(workspaceId, { name, email: `${name}@example.com`, role }),
    async stop() {
      if (!stopped) await server.close();
      stopped = true;
    },
    async restart(more = {}) {
      await handle.stop();
      server = await start(more);
      stopped = false;
      handle.server = server;
      handle.url = server.url;
    },
    async close() {
      await handle.stop();
      db.close();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  return handle;
}

/** Rows of one room in the server's database. */
export function storedRows(db: ServerDb, room: string): number {
  return (
    db.prepare('SELECT count(*) AS n FROM room_updates WHERE room = ?').get(room) as { n: number }
  ).n;
}
