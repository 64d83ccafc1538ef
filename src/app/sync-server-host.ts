import { isRole, ROLES, type Role } from '../server/access/roles.js';
import { WorkspaceDirectory, type MemberInfo } from '../server/access/workspace-directory.js';
import { createWorkspaceWithDocument } from '../server/create-workspace.js';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  startSyncServer,
  type SyncServer,
  type SyncServerOptions,
} from '../server/start-sync-server.js';
import { openServerDatabase, serverDatabaseFile } from '../server/store/open-server-database.js';
import { prepareDataDir } from './data-dir.js';

/*
 * The team sync server as a front end runs it (`switchboard server`), and its administration
 * (`switchboard server-admin`): workspaces, members, tokens, in the server's own database
 * (server.sqlite in its data directory, never the mail cache).
 */

export { DEFAULT_HOST, DEFAULT_PORT, isRole, ROLES, type MemberInfo, type Role, type SyncServer };

/** Starts the sync server for a data directory (see startSyncServer). */
export function serveTeam(
  options: Pick<SyncServerOptions, 'host' | 'port' | 'tls' | 'log'> & { dataDir: string },
): Promise<SyncServer> {
  return startSyncServer(options);
}

export interface ServerAdmin {
  /** A workspace and its first member, an admin (with its core document). */
  createWorkspace(
    name: string,
    admin: { name: string; email: string | null },
  ): { workspaceId: string; memberId: string; token: string };
  addMember(
    workspaceId: string,
    member: { name: string; email: string | null; role: Role },
  ): { memberId: string; token: string };
  listMembers(workspaceId: string): MemberInfo[];
  /** Revokes every token of the member; returns how many. */
  revokeTokens(workspaceId: string, memberId: string): number;
  issueToken(workspaceId: string, memberId: string): string;
  close(): void;
}

/**
 * The server database of `dataDir`, for administration. `create`: set a server up there (the
 * first workspace); otherwise a data directory without a server database is refused rather than
 * given an empty one.
 */
export function openServerAdmin(dataDir: string, options: { create: boolean }): ServerAdmin {
  if (options.create) prepareDataDir(dataDir);
  const db = openServerDatabase(serverDatabaseFile(dataDir), { mustExist: !options.create });
  const directory = new WorkspaceDirectory(db);
  return {
    createWorkspace: (name, admin) => createWorkspaceWithDocument(db, name, admin),
    addMember: (workspaceId, member) => directory.addMember(workspaceId, member),
    listMembers: (workspaceId) => directory.listMembers(workspaceId),
    revokeTokens: (workspaceId, memberId) => directory.revokeTokens(workspaceId, memberId),
    issueToken: (workspaceId, memberId) => directory.issueToken(workspaceId, memberId),
    close: () => db.close(),
  };
}
