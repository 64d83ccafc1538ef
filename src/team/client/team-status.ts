import type { Db } from '../../db/open-database.js';
import { isUserError } from '../../errors.js';
import { whoAmI } from './join-team.js';
import { changesNotAccepted } from './not-accepted.js';
import { ReplicaStore } from './replica-store.js';
import { readTeamConfig } from './team-config.js';

/** `switchboard team status`: where this data directory stands with its team. */
export interface TeamStatus {
  workspaceId: string | null;
  /** The team server; null in solo use (served in-process) or with no workspace. */
  server: string | null;
  memberId: string | null;
  /** What the server says of this app's token now. */
  token: 'accepted' | 'refused' | 'unreachable' | 'solo' | 'none';
  /** Stored updates made here that the server has not confirmed (queued, or not accepted). */
  unconfirmed: number;
  /** The same, in a line for people. */
  summary: string;
}

/** Where a data directory that works in no workspace stands (nothing to ask anyone). */
export const NO_TEAM_STATUS: TeamStatus = {
  workspaceId: null,
  server: null,
  memberId: null,
  token: 'none',
  unconfirmed: 0,
  summary:
    'no team workspace: the triage commands work alone (a solo workspace, made at the first one)',
};

/**
 * Asks the team server whether it takes this app's token (the who-am-I request `team join`
 * makes), and counts the changes made here it has not confirmed. Creates nothing.
 */
export async function teamStatus(db: Db, dataDir: string, timeoutMs: number): Promise<TeamStatus> {
  const config = readTeamConfig(db, dataDir);
  if (!config) return { ...NO_TEAM_STATUS };
  const { workspaceId, serverUrl, memberId, token } = config;
  const unconfirmed = new ReplicaStore(db).countPending(workspaceId);
  const base = { workspaceId, server: serverUrl, memberId, unconfirmed };
  if (!serverUrl)
    return { ...base, token: 'solo', summary: `solo workspace ${workspaceId}, served in-process` };
  const where = `workspace ${workspaceId} on ${serverUrl}`;
  const waiting = (what: string) =>
    unconfirmed === 0
      ? 'the server has every change made here'
      : `${unconfirmed} update${unconfirmed === 1 ? '' : 's'} made here ${what}`;
  try {
    const me = await whoAmI(serverUrl, workspaceId, token, timeoutMs);
    return {
      ...base,
      token: 'accepted',
      summary: `${where} as ${me.name}${me.email ? ` <${me.email}>` : ''} (${me.role}); ${waiting('not confirmed yet (the next sync sends them)')}`,
    };
  } catch (error) {
    if (isUserError(error, 'token-refused'))
      return {
        ...base,
        token: 'refused',
        summary: `${where}: ${changesNotAccepted(error, unconfirmed)}`,
      };
    if (isUserError(error, 'unreachable'))
      return {
        ...base,
        token: 'unreachable',
        summary: `${where}: the team server cannot be reached; ${waiting('queued')}`,
      };
    throw error;
  }
}
