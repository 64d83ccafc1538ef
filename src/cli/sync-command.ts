import { listAccounts, type Account } from '../accounts/account-store.js';
import { syncLockFile } from '../app/data-dir.js';
import { acquireSyncLock } from '../app/sync-lock.js';
import type { Db } from '../db/open-database.js';
import { isUserError, UserError } from '../errors.js';
import type { AccountSyncResult } from '../sync/account-sync.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { syncAccountOnce } from '../sync/sync-runner.js';
import { TeamSync } from '../team/client/team-sync.js';
import type { CommandContext } from './command-context.js';
import { printJson } from './output.js';
import { soloMember } from './triage-commands.js';

/**
 * `switchboard sync`: `--once` syncs every account (IMAP, then the team workspace both ways) and
 * exits; without it, keeps everything in sync until SIGINT/SIGTERM.
 */
export async function runSyncCommand(ctx: CommandContext): Promise<number> {
  const db = ctx.cache();
  const accounts = listAccounts(db);
  if (accounts.length === 0)
    throw new UserError('usage', 'no accounts yet; add one with `switchboard account add`');
  const release = acquireSyncLock(syncLockFile(ctx.dataDir));
  try {
    return ctx.values.once ? await syncOnce(ctx, db, accounts) : await watch(ctx, db, accounts);
  } finally {
    release();
  }
}

async function syncOnce(ctx: CommandContext, db: Db, accounts: Account[]): Promise<number> {
  const { output, settings } = ctx;
  const results: AccountSyncResult[] = [];
  let failed = 0;
  for (const account of accounts) {
    try {
      results.push(await syncAccountOnce(db, account, settings.secrets));
    } catch (error) {
      failed += 1;
      if (isUserError(error)) output.err(`switchboard: ${account.email}: ${error.message}`);
      else throw error;
    }
  }
  const summary = results.map(summarize);
  // Team updates go both ways too before the command ends (a no-op outside a workspace).
  const team = await startTeamSync(ctx, db, false);
  await team?.sync.stop();
  if (ctx.values.json) printJson(output, summary);
  else {
    for (const line of summary)
      output.out(
        `${line.account}: ${line.added} new, ${line.removed} removed, ${line.flagsChanged} flag changes, ${line.bodies} bodies, ${line.folders} folders`,
      );
    if (team)
      output.out(
        `team: ${team.result.conversations} conversations with team state${team.result.confirmed ? '' : ' (changes queued: the team server cannot be reached)'}`,
      );
  }
  return failed ? 1 : 0;
}

async function watch(ctx: CommandContext, db: Db, accounts: Account[]): Promise<number> {
  const { output, settings } = ctx;
  const json = ctx.values.json === true;
  const engine = new SyncEngine(db, settings.secrets, {
    onPass: (result) => {
      const line = summarize(result);
      if (json) output.out(JSON.stringify({ event: 'synced', ...line }));
      else if (line.added || line.removed || line.flagsChanged)
        output.out(
          `${line.account}: ${line.added} new, ${line.removed} removed, ${line.flagsChanged} flag changes`,
        );
    },
    onError: (account, error) => output.err(`switchboard: ${account.email}: ${error.message}`),
  });
  engine.start(accounts);
  if (!json) output.out(`syncing ${accounts.length} account(s); Ctrl-C to stop`);
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // The team connection alongside IMAP; mail goes on if the team server is down.
  const team = await startTeamSync(ctx, db, true);
  if (team) {
    const { result } = team;
    if (json) output.out(JSON.stringify({ event: 'team', ...result }));
    else
      output.out(
        `team: workspace ${result.workspaceId}, ${result.conversations} conversations with team state${result.confirmed ? '' : ' (changes queued: the team server cannot be reached)'}`,
      );
  }
  await stopped;
  await engine.stop();
  await team?.sync.stop();
  return 0;
}

function startTeamSync(ctx: CommandContext, db: Db, keepOpen: boolean) {
  return TeamSync.start(db, ctx.dataDir, {
    me: soloMember(db),
    timeoutMs: ctx.settings.teamSyncMs,
    keepOpen,
    pacing: ctx.settings.teamPacing,
  }).catch((error: unknown) => {
    ctx.output.err(`switchboard: team: ${(error as Error).message}`);
    return undefined;
  });
}

function summarize(result: AccountSyncResult) {
  return {
    account: result.account,
    folders: result.folders.length,
    added: result.folders.reduce((sum, folder) => sum + folder.added, 0),
    removed: result.folders.reduce((sum, folder) => sum + folder.removed, 0),
    flagsChanged: result.folders.reduce((sum, folder) => sum + folder.flagsChanged, 0),
    bodies: result.bodies,
    actions: result.actions,
  };
}
