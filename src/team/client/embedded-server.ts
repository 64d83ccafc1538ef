import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { publishedServerUrl, publishServerUrl, withdrawServerUrl } from '../../app/server-lock.js';
import type { Db } from '../../db/open-database.js';
import { createWorkspaceWithDocument } from '../../server/create-workspace.js';
import { openServerDatabase, serverDatabaseFile } from '../../server/store/open-server-database.js';
import { startSyncServer, type SyncServer } from '../../server/start-sync-server.js';
import { readTeamConfig, writeTeamConfig, type TeamConfig } from './team-config.js';
import { isUserError, UserError } from '../../errors.js';

/**
 * Solo use (embedded mode): with no team server configured, the app runs the sync server in its
 * own process, on 127.0.0.1 and a free port, with its data in the data directory, and connects
 * to it like to any other. One code path whether alone or in a team; joining a team later is
 * `switchboard team join`.
 */
export const embeddedServerDir = (dataDir: string) => join(dataDir, 'embedded-server');

export interface SoloMember {
  name: string;
  email: string;
}

/**
 * The data directory's team config, creating a solo workspace (this user its admin) in the
 * embedded server's database the first time. It has no name unless given one: the app shows
 * the product's where a team's would be.
 */
export function soloConfig(db: Db, dataDir: string, me: SoloMember, name = ''): TeamConfig {
  const existing = readTeamConfig(db, dataDir);
  if (existing) return existing;
  const serverDb = openServerDatabase(serverDatabaseFile(embeddedServerDir(dataDir)));
  try {
    const { workspaceId, memberId, token } = createWorkspaceWithDocument(serverDb, name, me);
    const config: TeamConfig = { workspaceId, serverUrl: null, memberId, token };
    writeTeamConfig(db, dataDir, config);
    return config;
  } finally {
    serverDb.close();
  }
}

/** How long to wait for another process that holds the embedded server to say where it is. */
const FIND_TIMEOUT_MS = 15_000;
const FIND_POLL_MS = 50;

/**
 * The embedded server's URL: starts it in this process, or finds the one another process of
 * this data directory runs (`switchboard sync` while a `switchboard assign` is typed): the
 * holder of its server lock publishes the address once it listens (server-lock.ts). Until then,
 * this waits; if the holder dies meanwhile, the lock is free and this process takes over.
 * `server` is set when this process runs it and must close it.
 */
export async function embeddedServer(
  dataDir: string,
): Promise<{ url: string; server?: SyncServer }> {
  const dir = embeddedServerDir(dataDir);
  const deadline = Date.now() + FIND_TIMEOUT_MS;
  for (;;) {
    try {
      const server = await startSyncServer({
        dataDir: dir,
        host: '127.0.0.1',
        port: 0,
        log: () => undefined,
      });
      publishServerUrl(dir, server.url);
      const close = server.close.bind(server);
      return {
        url: server.url,
        server: {
          ...server,
          close: async () => {
            withdrawServerUrl(dir);
            await close();
          },
        },
      };
    } catch (error) {
      if (!isUserError(error, 'locked')) throw error;
    }
    const url = publishedServerUrl(dir);
    if (url) return { url };
    if (Date.now() > deadline)
      throw new UserError(
        'locked',
        `another process of ${dataDir} holds its embedded sync server but has not said where it listens`,
      );
    await sleep(FIND_POLL_MS);
  }
}
