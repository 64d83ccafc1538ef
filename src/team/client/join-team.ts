import type { Db } from '../../db/open-database.js';
import { carrySoloWork, readSoloWork } from './carry-solo-work.js';
import type { SoloMember } from './embedded-server.js';
import { ReplicaStore } from './replica-store.js';
import { readTeamConfig, writeTeamConfig, type TeamConfig } from './team-config.js';
import { UserError } from '../../errors.js';
import { isWorkspaceId, WORKSPACE_ID_RULE } from '../workspace/identifiers.js';

export interface Membership {
  workspaceId: string;
  memberId: string;
  role: 'admin' | 'agent' | 'viewer';
  name: string;
  email: string | null;
}

/**
 * Asks the team server which member a token belongs to (`GET /_whoami/<workspaceId>`, see
 * src/server/access/whoami.ts), which also proves the token before anything is stored.
 */
export async function whoAmI(
  serverUrl: string,
  workspaceId: string,
  token: string,
  timeoutMs = 10_000,
): Promise<Membership> {
  const base = new URL(serverUrl);
  if (base.protocol !== 'ws:' && base.protocol !== 'wss:')
    throw new UserError('invalid', `not a team server URL (ws:// or wss://): ${serverUrl}`);
  base.protocol = base.protocol === 'wss:' ? 'https:' : 'http:';
  const url = new URL(
    `_whoami/${encodeURIComponent(workspaceId)}`,
    base.href.endsWith('/') ? base : `${base.href}/`,
  );
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new UserError(
      'unreachable',
      `cannot reach the team server at ${serverUrl}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Partial<Membership> & {
    error?: string;
  };
  if (response.status === 401 || response.status === 403)
    throw new UserError(
      'token-refused',
      `the team server refused this token (${body.error ?? response.status})`,
    );
  if (response.status === 404)
    throw new UserError('not-found', `the team server has no workspace ${workspaceId}`);
  if (!response.ok || !body.memberId)
    throw new UserError(
      'protocol',
      `unexpected answer from the team server: HTTP ${response.status}${body.error ? ` (${body.error})` : ''}`,
    );
  return body as Membership;
}

/** Refuses a workspace id the server could not have issued, before asking it anything. */
export function checkWorkspaceIdSyntax(workspaceId: string): string {
  if (!isWorkspaceId(workspaceId))
    throw new UserError(
      'invalid',
      `not a workspace id: ${JSON.stringify(workspaceId)} (${WORKSPACE_ID_RULE}, as "switchboard server-admin create-workspace" printed it)`,
    );
  return workspaceId;
}

/** What `team join` did: the membership, and the solo work it carried into the team. */
export interface Joined extends Membership {
  /** What solo work was carried (see carry-solo-work.ts); '' for none. */
  carried: string;
  /** What solo work was left behind (with `leaveSoloWork` only). */
  leftBehind: string[];
  /** Whether the server has the carried work already (false: the next sync sends it). */
  confirmed: boolean;
}

export interface JoinOptions {
  /** Who this user is in a solo workspace (see the triage commands), once the cache is open. */
  me: (db: Db) => SoloMember;
  /** How long to wait for the team's documents when solo work is carried. */
  timeoutMs: number;
  /** Join even if some solo work cannot be carried (it stays stored, unshown). */
  leaveSoloWork?: boolean;
  now?: number;
}

/**
 * `switchboard team join`: proves the token, then makes this data directory work in the
 * workspace. The cache is opened (`cache`, created on a fresh data directory) only once the
 * server accepted the token: a join that fails leaves the data directory as it was.
 *
 * Work done alone before (a solo workspace) is carried into the team (carry-solo-work.ts), or
 * the join asks first, saying what would be left behind. Changes made in another team's
 * workspace that its server never confirmed are never left behind silently either: the join
 * refuses until they are sent or discarded.
 */
export async function joinTeam(
  cache: () => Db,
  dataDir: string,
  server: { url: string; workspaceId: string; token: string },
  options: JoinOptions,
): Promise<Joined> {
  checkWorkspaceIdSyntax(server.workspaceId);
  const membership = await whoAmI(server.url, server.workspaceId, server.token);
  const db = cache();
  const config: TeamConfig = {
    workspaceId: server.workspaceId,
    serverUrl: server.url.replace(/\/+$/, ''),
    memberId: membership.memberId,
    token: server.token,
  };
  const current = readTeamConfig(db, dataDir);
  const moving = current?.workspaceId !== config.workspaceId;
  if (current?.serverUrl && moving) requireNothingUnconfirmed(db, current);
  const commit = () => {
    // The projection is the workspace's: another workspace's state is not this one's.
    if (moving) db.prepare('DELETE FROM conversation_team_state').run();
    writeTeamConfig(db, dataDir, config);
  };
  const now = options.now ?? Date.now();
  const work =
    current && current.serverUrl === null
      ? await readSoloWork(db, dataDir, current, options.me(db), now)
      : [];
  if (work.length === 0) {
    db.transaction(commit)();
    return { ...membership, carried: '', leftBehind: [], confirmed: true };
  }
  const carried = await carrySoloWork(db, dataDir, config, work, {
    me: options.me(db),
    timeoutMs: options.timeoutMs,
    now,
    leaveBehind: options.leaveSoloWork === true,
    commit,
  });
  return { ...membership, ...carried, carried: carried.summary };
}

/** Refuses to leave another workspace while changes made in it were never confirmed there. */
function requireNothingUnconfirmed(db: Db, current: TeamConfig): void {
  const unconfirmed = new ReplicaStore(db).countPending(current.workspaceId);
  if (unconfirmed > 0)
    throw new UserError(
      'conflict',
      `${unconfirmed} update${unconfirmed === 1 ? '' : 's'} made here in workspace ${current.workspaceId} never reached its server: join it again with a new token to send them, or "switchboard team discard" to drop them, then join`,
    );
}
