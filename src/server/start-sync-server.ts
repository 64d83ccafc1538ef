import { prepareDataDir } from '../app/data-dir.js';
import { acquireServerLock } from '../app/server-lock.js';
import { authorizeUpgrade, stillAuthorized } from './access/authorize-upgrade.js';
import { whoami } from './access/whoami.js';
import { WorkspaceDirectory, type AccessDirectory } from './access/workspace-directory.js';
import { directoryMembersEdit, type MemberDirectory } from './directory-members-sync.js';
import { quotasWith, type QuotaOptions } from './quotas.js';
import type { RateLimit } from './rate-limiter.js';
import {
  openServerDatabase,
  serverDatabaseFile,
  type ServerDb,
} from './store/open-server-database.js';
import type { RoomStore } from './store/room-store.js';
import { SqliteRoomStore } from './store/sqlite-room-store.js';
import { HUB_DEFAULTS, SyncHub } from './sync-hub.js';
import { listenWebSocket } from './ws-transport.js';
import { UserError } from '../errors.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7420;

export interface SyncServerOptions {
  /** 127.0.0.1 unless given: exposing the server is a decision (prefer a TLS reverse proxy). */
  host?: string;
  /** 0 picks a free port (see `SyncServer.port`). */
  port?: number;
  /** Keeps server.sqlite here (rooms, workspaces, tokens). Without it, give `store` and `directory`. */
  dataDir?: string;
  store?: RoomStore;
  /**
   * Who may connect. One that can also list members (as WorkspaceDirectory does) is written into
   * each workspace's core document: directory-members-sync.ts.
   */
  directory?: AccessDirectory | (AccessDirectory & MemberDirectory);
  /** PEM certificate chain and key: serve wss:// (https) instead of ws://. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  pingIntervalMs?: number;
  maxMessageBytes?: number;
  maxBufferedBytes?: number;
  compactAfterUpdates?: number;
  roomIdleMs?: number;
  accessCheckMs?: number;
  /** See SyncHubOptions.announceRoomVersions (default true). */
  announceRoomVersions?: boolean;
  rateLimit?: Partial<RateLimit>;
  /** Per member and per remote address; defaults in quotas.ts (DEFAULT_QUOTAS). */
  quotas?: QuotaOptions;
  /** See SyncHubOptions.keepaliveMs. */
  keepaliveMs?: number;
  log?: (line: string) => void;
}

export interface SyncServer {
  /** ws://HOST:PORT or wss://HOST:PORT, with the real port. */
  url: string;
  host: string;
  port: number;
  hub: SyncHub;
  /** Closes every connection (1001), stores what was accepted, closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the team sync server: for the `switchboard server` command, tests, and the desktop app
 * (which embeds it in solo mode).
 */
export async function startSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const cleanups: Array<() => void> = [];
  const cleanUp = () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  };
  try {
    let store = options.store;
    let directory = options.directory;
    if (options.dataDir !== undefined && (!store || !directory)) {
      cleanups.push(lockDataDir(options.dataDir));
      const db: ServerDb = openServerDatabase(serverDatabaseFile(options.dataDir));
      cleanups.push(() => db.close());
      store ??= new SqliteRoomStore(db);
      directory ??= new WorkspaceDirectory(db);
    }
    if (!store || !directory)
      throw new UserError(
        'usage',
        'startSyncServer needs a dataDir, or both a store and a directory',
      );
    const access = directory;
    const quotas = quotasWith(options.quotas);
    const hub = new SyncHub({
      store,
      stillAuthorized: (principal) => stillAuthorized(access, principal),
      ...(listsMembers(access) ? { serverEdits: directoryMembersEdit(access) } : {}),
      accessCheckMs: options.accessCheckMs ?? options.pingIntervalMs ?? HUB_DEFAULTS.accessCheckMs,
      compactAfterUpdates: options.compactAfterUpdates ?? HUB_DEFAULTS.compactAfterUpdates,
      roomIdleMs: options.roomIdleMs ?? HUB_DEFAULTS.roomIdleMs,
      maxMessageBytes: options.maxMessageBytes ?? HUB_DEFAULTS.maxMessageBytes,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      quotas,
      ...(options.keepaliveMs === undefined ? {} : { keepaliveMs: options.keepaliveMs }),
      ...(options.announceRoomVersions === undefined
        ? {}
        : { announceRoomVersions: options.announceRoomVersions }),
      log,
    });
    const host = options.host ?? DEFAULT_HOST;
    let transport;
    try {
      transport = await listenWebSocket({
        hub,
        authorize: (url, authorization) => authorizeUpgrade(access, url, authorization),
        whoami: (url, authorization) => whoami(access, url, authorization),
        host,
        port: options.port ?? DEFAULT_PORT,
        tls: options.tls,
        maxMessageBytes: options.maxMessageBytes ?? HUB_DEFAULTS.maxMessageBytes,
        pingIntervalMs: options.pingIntervalMs ?? 30_000,
        maxBufferedBytes: options.maxBufferedBytes ?? 16 * 1024 * 1024,
        pendingSocketsPerAddress: quotas.pendingSocketsPerAddress,
        upgradeTimeoutMs: quotas.upgradeTimeoutMs,
        log,
      });
    } catch (error) {
      await hub.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new UserError('conflict', `port ${options.port} on ${host} is already in use`);
      if (code === 'EADDRNOTAVAIL' || code === 'EACCES')
        throw new UserError('invalid', `cannot listen on ${host}:${options.port} (${code})`);
      throw error;
    }
    const listening = transport;
    let closing: Promise<void> | undefined;
    return {
      url: listening.url,
      host,
      port: listening.port,
      hub,
      close() {
        closing ??= (async () => {
          try {
            await hub.close();
            await listening.close();
          } finally {
            cleanUp();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

function listsMembers(directory: AccessDirectory): directory is AccessDirectory & MemberDirectory {
  return typeof (directory as Partial<MemberDirectory>).listMembers === 'function';
}

/**
 * One server per data directory (see server-lock.ts): the lock goes when the process goes,
 * however it ends (kill -9 included). The directory is prepared first (owner-only; one line on
 * what is wrong with it).
 */
function lockDataDir(dataDir: string): () => void {
  prepareDataDir(dataDir);
  return acquireServerLock(dataDir);
}
