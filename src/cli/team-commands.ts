import { UserError } from '../app/index.js';
import type { CliValues, CommandContext } from './command-context.js';
import { printJson } from './output.js';

/*
 * `switchboard team …`: this data directory's membership of a team workspace, each one call of
 * the application's team service (src/app/services/team-service.ts). The triage commands that
 * change team state (assign, status, tag, note) are in triage-commands.ts.
 */

export const TEAM_COMMANDS: readonly string[] = ['team'];

/** parseArgs options of these commands (--workspace is server-commands.ts's, same type). */
export const TEAM_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'leave-solo-work': { type: 'boolean', default: false },
  'drop-unconfirmed': { type: 'boolean', default: false },
} as const;

export const TEAM_USAGE = `  team join --server ws://HOST:PORT --workspace ID --token TOKEN [--leave-solo-work] [--json]
  team status [--json]
  team discard   (drops the changes made here that the team server never accepted)
  team leave [--drop-unconfirmed]   (stops working in the team workspace here: its team state leaves this data directory, the mail stays; refused while changes made here are unconfirmed, unless dropped)`;

export async function runTeamCommand(ctx: CommandContext): Promise<number> {
  const [sub] = ctx.args;
  switch (sub) {
    case 'join':
      return join(ctx);
    case 'status':
      return status(ctx);
    case 'discard':
      return discard(ctx);
    case 'leave':
      return leave(ctx);
    default:
      throw new UserError('usage', `unknown team command: ${sub ?? '(none)'}\n${TEAM_USAGE}`);
  }
}

async function join(ctx: CommandContext): Promise<number> {
  const { values, output } = ctx;
  const serverUrl = required(values, 'server');
  const workspaceId = required(values, 'workspace');
  const token = required(values, 'token');
  const joined = await (
    await ctx.app()
  ).team.join({
    serverUrl,
    workspaceId,
    token,
    leaveSoloWork: values['leave-solo-work'] === true,
  });
  if (values.json) printJson(output, joined);
  else
    output.out(
      [
        `joined workspace ${joined.workspaceId} as ${joined.name}${joined.email ? ` <${joined.email}>` : ''} (${joined.role})`,
        joined.carried &&
          `${joined.carried}${joined.confirmed ? '' : ' (queued: the team server has not confirmed it yet; it goes out with the next sync)'}`,
        joined.leftBehind.length > 0 && `left behind: ${joined.leftBehind.join('; ')}`,
      ]
        .filter(Boolean)
        .join('; '),
    );
  return 0;
}

/** Where this data directory stands: its workspace, whether the server takes its token, what waits. */
async function status(ctx: CommandContext): Promise<number> {
  const { values, output } = ctx;
  const shown = await (await ctx.app()).team.status();
  if (values.json) printJson(output, shown);
  else output.out(shown.summary);
  return shown.token === 'refused' ? 1 : 0;
}

async function discard(ctx: CommandContext): Promise<number> {
  const { updates, documents } = await (await ctx.app()).team.discard();
  ctx.output.out(
    updates === 0
      ? 'nothing to discard: the team server has every change made here'
      : `discarded ${count(updates, 'update')} the team server never accepted (${count(documents, 'document')}); the team state here is what the server had`,
  );
  return 0;
}

async function leave(ctx: CommandContext): Promise<number> {
  const { workspaceId, dropped } = await (
    await ctx.app()
  ).team.leave({ dropUnconfirmed: ctx.values['drop-unconfirmed'] === true });
  ctx.output.out(
    `left workspace ${workspaceId}: its team state is no longer kept here, the mail stays${dropped > 0 ? ` (dropped ${count(dropped, 'update')} the team server never confirmed)` : ''}`,
  );
  return 0;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function required(values: CliValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new UserError('usage', `team join needs --${name}`);
  return value;
}
