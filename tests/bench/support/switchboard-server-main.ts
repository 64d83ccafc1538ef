/**
 * Our sync server as it runs in production: SQLite persistence in a data directory and token
 * auth, with a workspace and an agent created through the admin API first (as `switchboard
 * server-admin` does). Its own process, so the benchmark reads its RSS and CPU alone.
 * argv: DATA_DIR HOST. Prints one JSON line {url, port, workspaceId, token} once listening;
 * SIGTERM closes it.
 */
import { WorkspaceDirectory } from '../../../src/server/access/workspace-directory.js';
import { createWorkspaceWithDocument } from '../../../src/server/create-workspace.js';
import { startSyncServer } from '../../../src/server/start-sync-server.js';
import {
  openServerDatabase,
  serverDatabaseFile,
} from '../../../src/server/store/open-server-database.js';

const [dataDir, host = '127.0.0.1'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: switchboard-server-main DATA_DIR [HOST]');

const db = openServerDatabase(serverDatabaseFile(dataDir));
let workspaceId: string;
let token: string;
try {
  // What `switchboard server-admin create-workspace` and `add-member` do.
  ({ workspaceId } = createWorkspaceWithDocument(db, 'Bench', { name: 'Bench admin' }));
  ({ token } = new WorkspaceDirectory(db).addMember(workspaceId, {
    name: 'Bench agent',
    role: 'agent',
  }));
} finally {
  db.close();
}

const server = await startSyncServer({
  host,
  port: 0,
  dataDir,
  // Every bench client is this one member, on one address: a team spreads such a load over its
  // members (src/server/quotas.ts). The stock servers have no quotas; the bench measures capacity.
  quotas: {
    connectionsPerMember: Infinity,
    newRoomsBurst: Infinity,
    memberRate: {
      messagesPerSecond: Infinity,
      burstMessages: Infinity,
      bytesPerSecond: Infinity,
      burstBytes: Infinity,
    },
    pendingSocketsPerAddress: Infinity,
  },
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(
  `${JSON.stringify({ url: server.url, port: server.port, workspaceId, token })}\n`,
);
process.once('SIGTERM', () => {
  void server.close().finally(() => process.exit(0));
});
