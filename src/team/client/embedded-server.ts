import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/open-database.js';
import { createWorkspaceWithDocument } from '../../server/create-workspace.js';
import { openServerDatabase, serverDatabaseFile } from '../../server/store/open-server-database.js';
import { startSyncServer, type SyncServer } from '../../server/start-sync-server.js';
import { readTeamConfig, writeTeamConfig, type TeamConfig } from './team-config.js';
import { isUserError } from '../../errors.js';

/**
 * Solo use (embedded mode): with no team server configured, the app runs the sync server in its
 * own process, on 127.0.0.1 and a free port, with its data in the data directory, and connects
 * to it like to any other. One code path whether alone or in a team; joining a team later is
 * `switchboard team join`.
 */
export const embeddedServerDir = (dataDir: string) => join(dataDir, 'embedded-server');
const urlFile = (dataDir: string) => join(embeddedServerDir(dataDir), 'url');

export interface SoloMember {
  name: string;
  email: string;
}

/**
 * The data directory's team config, creating a solo workspace (this user its admin) in the
 * embedded server's database the first time.
 */
export function soloConfig(db: Db, dataDir: string, me: SoloMember): TeamConfig {
  const existing = readTeamConfig(db, dataDir);
  if (existing) return existing;
  mkdirSync(embeddedServerDir(dataDir), { recursive: true });
  const serverDb = openServerDatabase(serverDatabaseFile(embeddedServerDir(dataDir)));
  try {
    const { workspaceId, memberId, token } = createWorkspaceWithDocument(serverDb, 'Solo', me);
    const config: TeamConfig = { workspaceId, serverUrl: null, memberId, token };
    writeTeamConfig(db, dataDir, config);
    return config;
  } finally {
    serverDb.close();
  }
}

/**
 * The embedded server's URL: starts it in this process, or finds the one another process of
 * this data directory runs (`switchboard sync` while a `switchboard assign` is typed).
 * `server` is set when this process runs it and must close it.
 */
export async function embeddedServer(
  dataDir: string,
): Promise<{ url: string; server?: SyncServer }> {
  try {
    const server = await startSyncServer({
      dataDir: embeddedServerDir(dataDir),
      host: '127.0.0.1',
      port: 0,
      log: () => undefined,
    });
    writeFileSync(urlFile(dataDir), server.url);
    const close = server.close.bind(server);
    return {
      url: server.url,
      server: {
        ...server,
        close: async () => {
          rmSync(urlFile(dataDir), { force: true });
          await close();
        },
      },
    };
  } catch (error) {
    if (!isUserError(error, 'locked')) throw error;
    // Held by another process of this data directory: use its server.
    const url = readFileSync(urlFile(dataDir), 'utf8').trim();
    return { url };
  }
}
