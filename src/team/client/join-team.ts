import type { Db } from '../../db/open-database.js';
import { writeTeamConfig, type TeamConfig } from './team-config.js';
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

/**
 * `switchboard team join`: proves the token, then makes this data directory work in the
 * workspace. The cache is opened (`cache`, created on a fresh data directory) only once the
 * server accepted the token: a join that fails leaves the data directory as it was.
 */
export async function joinTeam(
  cache: () => Db,
  dataDir: string,
  server: { url: string; workspaceId: string; token: string },
): Promise<Membership> {
  checkWorkspaceIdSyntax(server.workspaceId);
  const membership = await whoAmI(server.url, server.workspaceId, server.token);
  const db = cache();
  const config: TeamConfig = {
    workspaceId: server.workspaceId,
    serverUrl: server.url.replace(/\/+$/, ''),
    memberId: membership.memberId,
    token: server.token,
  };
  writeTeamConfig(db, dataDir, config);
  return membership;
}
