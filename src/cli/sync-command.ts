import { listAccounts, type Account } from '../accounts/account-store.js';
import { syncLockFile } from '../app/data-dir.js';
import { acquireSyncLock } from '../app/sync-lock.js';
import type { Db } from '../db/open-database.js';
import { isUserError, UserError } from '../errors.js';
import type { AccountSyncResult } from '../sync/account-sync.js';
import type { FolderFailure } from '../sync/folder-failures.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { syncAccountOnce } from '../sync/sync-runner.js';
import { TeamSync, teamSyncNote } from '../team/client/team-sync.js';
import type { CommandContext } from './command-context.js';
import { printJson } from './output.js';
import { SyncProgressReporter } from './sync-progress.js';
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
  // One line per folder or account that failed, printed at the end: every other one still syncs.
  const failures: string[] = [];
  const progress = new SyncProgressReporter(output);
  try {
    for (const account of accounts) {
      try {
        const result = await syncAccountOnce(db, account, settings.secrets, {
          onProgress: (event) => progress.update(event),
        });
        results.push(result);
        failures.push(...result.failures.map((failure) => folderFailureLine(result, failure)));
      } catch (error) {
        if (!isUserError(error)) throw error;
        failures.push(`${account.email}: ${error.message}`);
      }
    }
  } finally {
    progress.stop();
  }
  const summary = results.map(summarize);
  // Team updates go both ways too before the command ends (a no-op outside a workspace).
  const { team, refused: refusedAtStart } = await startTeamSync(ctx, db, false);
  await team?.sync.stop();
  if (ctx.values.json) printJson(output, summary);
  else {
    for (const line of summary)
      output.out(
        `${line.account}: ${line.added} new, ${line.removed} removed, ${line.flagsChanged} flag changes, ${line.bodies} bodies, ${line.folders} folders`,
      );
    if (team)
      output.out(
        `team: ${team.result.conversations} conversations with team state${teamSyncNote(team.result)}`,
      );
  }
  // A refused token fails the command (src/team/client/not-accepted.ts); unreachable does not.
  if (team?.result.refused && ctx.values.json)
    output.err(`switchboard: team: token refused: ${team.result.refused}`);
  for (const line of failures) output.err(`switchboard: ${line}`);
  return failures.length || team?.result.refused || refusedAtStart ? 1 : 0;
}

async function watch(ctx: CommandContext, db: Db, accounts: Account[]): Promise<number> {
  const { output, settings } = ctx;
  const json = ctx.values.json === true;
  // Folder failures already told, so a folder that stays broken is not repeated every poll.
  const told = new Map<string, string>();
  const engine = new SyncEngine(db, settings.secrets, {
    onPass: (result) => {
      const line = summarize(result);
      if (json) output.out(JSON.stringify({ event: 'synced', ...line }));
      else if (line.added || line.removed || line.flagsChanged)
        output.out(
          `${line.account}: ${line.added} new, ${line.removed} removed, ${line.flagsChanged} flag changes`,
        );
      for (const folder of result.folders) told.delete(`${result.account}\n${folder.path}`);
      for (const failure of result.failures) {
        const key = `${result.account}\n${failure.path}`;
        if (told.get(key) === failure.error) continue;
        told.set(key, failure.error);
        output.err(`switchboard: ${folderFailureLine(result, failure)}`);
      }
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
  const { team } = await startTeamSync(ctx, db, true);
  if (team) {
    const { result } = team;
    if (json) output.out(JSON.stringify({ event: 'team', ...result }));
    else
      output.out(
        `team: workspace ${result.workspaceId}, ${result.conversations} conversations with team state${teamSyncNote(result)}`,
      );
  }
  await stopped;
  await engine.stop();
  await team?.sync.stop();
  return 0;
}

/**
 * Starts the team half. A team server that cannot be reached is no failure (changes wait here);
 * a refused token is (`refused`), even before the workspace ever reached this machine.
 */
async function startTeamSync(ctx: CommandContext, db: Db, keepOpen: boolean) {
  try {
    const team = await TeamSync.start(db, ctx.dataDir, {
      me: soloMember(db),
      timeoutMs: ctx.settings.teamSyncMs,
      keepOpen,
      pacing: ctx.settings.teamPacing,
    });
    return { team, refused: false };
  } catch (error) {
    if (!isUserError(error)) throw error;
    ctx.output.err(`switchboard: team: ${error.message}`);
    return { team: undefined, refused: error.code === 'token-refused' };
  }
}

function folderFailureLine(result: AccountSyncResult, failure: FolderFailure): string {
  return `${result.account}: ${failure.path}: ${failure.error}`;
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
