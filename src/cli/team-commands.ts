import { UserError } from '../errors.js';
import { joinTeam } from '../team/client/join-team.js';
import type { CliValues, CommandContext } from './command-context.js';
import { printJson } from './output.js';

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

export async function runTeamCommand(ctx: CommandContext): Promise<number> {
  const { values, output } = ctx;
  const [sub] = ctx.args;
  if (sub !== 'join')
    throw new UserError('usage', `unknown team command: ${sub ?? '(none)'}\n${TEAM_USAGE}`);
  const url = required(values, 'server');
  const workspaceId = required(values, 'workspace');
  const token = required(values, 'token');
  const membership = await joinTeam(() => ctx.cache(), ctx.dataDir, { url, workspaceId, token });
  if (values.json) printJson(output, membership);
  else
    output.out(
      `joined workspace ${membership.workspaceId} as ${membership.name}${membership.email ? ` <${membership.email}>` : ''} (${membership.role})`,
    );
  return 0;
}

function required(values: CliValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new UserError('usage', `team join needs --${name}`);
  return value;
}
