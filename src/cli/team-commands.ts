import type { Db } from '../db/open-database.js';
import { joinTeam, TeamJoinError } from '../team/client/join-team.js';
import { TeamAuthError, TeamUnreachableError } from '../team/client/room-link.js';
import { TeamConfigError } from '../team/client/team-config.js';
import { printJson, type Output } from './output.js';

/*
 * `switchboard team …`: this data directory's membership of a team workspace. The triage
 * commands that change team state (assign, status, tag, note) are in triage-commands.ts.
 */

export const TEAM_COMMANDS: readonly string[] = ['team'];

/** parseArgs options of these commands (--workspace is server-commands.ts's, same type). */
export const TEAM_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
} as const;

export const TEAM_USAGE = `  team join --server ws://HOST:PORT --workspace ID --token TOKEN [--json]`;

export class TeamCommandError extends Error {
  override name = 'TeamCommandError';
}

/** Errors these commands report as one line (run-cli's USER_ERRORS). */
export const TEAM_USER_ERRORS = [
  TeamCommandError,
  TeamJoinError,
  TeamAuthError,
  TeamUnreachableError,
  TeamConfigError,
];

type Values = Record<string, string | boolean | undefined>;

export async function runTeamCommand(
  db: Db,
  dataDir: string,
  rest: string[],
  values: Values,
  output: Output,
): Promise<number> {
  const [sub] = rest;
  if (sub !== 'join')
    throw new TeamCommandError(`unknown team command: ${sub ?? '(none)'}\n${TEAM_USAGE}`);
  const url = required(values, 'server');
  const workspaceId = required(values, 'workspace');
  const token = required(values, 'token');
  const membership = await joinTeam(db, dataDir, { url, workspaceId, token });
  if (values.json) printJson(output, membership);
  else
    output.out(
      `joined workspace ${membership.workspaceId} as ${membership.name}${membership.email ? ` <${membership.email}>` : ''} (${membership.role})`,
    );
  return 0;
}

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new TeamCommandError(`team join needs --${name}`);
  return value;
}
