import { syncLockFile } from '../app/data-dir.js';
import { acquireSyncLock } from '../app/sync-lock.js';
import { isUserError, UserError } from '../errors.js';
import { discardUnconfirmed } from '../team/client/discard-unconfirmed.js';
import { joinTeam } from '../team/client/join-team.js';
import { teamStatus } from '../team/client/team-status.js';
import type { CliValues, CommandContext } from './command-context.js';
import { printJson } from './output.js';
import { soloMember } from './triage-commands.js';

/*
 * `switchboard team …`: this data directory's membership of a team workspace. The triage
 * commands that change team state (assign, status, tag, note) are in triage-commands.ts.
 */

export const TEAM_COMMANDS: readonly string[] = ['team'];

/** parseArgs options of these commands (--workspace is server-commands.ts's, same type). */
export const TEAM_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'leave-solo-work': { type: 'boolean', default: false },
} as const;

export const TEAM_USAGE = `  team join --server ws://HOST:PORT --workspace ID --token TOKEN [--leave-solo-work] [--json]
  team status [--json]
  team discard   (drops the changes made here that the team server never accepted)`;

export async function runTeamCommand(ctx: CommandContext): Promise<number> {
  const [sub] = ctx.args;
  switch (sub) {
    case 'join':
      return join(ctx);
    case 'status':
      return status(ctx);
    case 'discard':
      return discard(ctx);
    default:
      throw new UserError('usage', `unknown team command: ${sub ?? '(none)'}\n${TEAM_USAGE}`);
  }
}

async function join(ctx: CommandContext): Promise<number> {
  const { values, output } = ctx;
  const url = required(values, 'server');
  const workspaceId = required(values, 'workspace');
  const token = required(values, 'token');
  const joined = await joinTeam(
    () => ctx.cache(),
    ctx.dataDir,
    { url, workspaceId, token },
    {
      me: soloMember,
      timeoutMs: ctx.settings.teamSyncMs,
      leaveSoloWork: values['leave-solo-work'] === true,
    },
  );
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
  const shown = await teamStatus(ctx.cache(), ctx.dataDir, ctx.settings.teamConfirmMs);
  if (values.json) printJson(output, shown);
  else output.out(shown.summary);
  return shown.token === 'refused' ? 1 : 0;
}

async function discard(ctx: CommandContext): Promise<number> {
  const db = ctx.cache();
  // A running sync holds the documents, and would send what is discarded here.
  let release: () => void;
  try {
    release = acquireSyncLock(syncLockFile(ctx.dataDir));
  } catch (error) {
    if (isUserError(error, 'locked'))
      throw new UserError('locked', `${error.message}: stop it, then discard`);
    throw error;
  }
  try {
    const { updates, documents } = await discardUnconfirmed(db, ctx.dataDir, soloMember(db));
    ctx.output.out(
      updates === 0
        ? 'nothing to discard: the team server has every change made here'
        : `discarded ${updates} update${updates === 1 ? '' : 's'} the team server never accepted (${documents} document${documents === 1 ? '' : 's'}); the team state here is what the server had`,
    );
    return 0;
  } finally {
    release();
  }
}

function required(values: CliValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new UserError('usage', `team join needs --${name}`);
  return value;
}
