import type { AppEventOf } from '../app/index.js';
import type { Switchboard, SyncFailure, TeamExchange } from '../app/index.js';
import type { CommandContext } from './command-context.js';
import { printJson } from './output.js';
import { outboxEventLine } from './send-output.js';
import { SyncProgressReporter } from './sync-progress.js';

/**
 * `switchboard sync`: `--once` syncs every account (IMAP, then the team workspace both ways) and
 * exits; without it, keeps everything in sync until SIGINT/SIGTERM. The sync is the
 * application's (sync.runOnce, sync.start/stop); this prints what it did and what it tells.
 */
export async function runSyncCommand(ctx: CommandContext): Promise<number> {
  const app = await ctx.app();
  return ctx.values.once ? await syncOnce(ctx, app) : await watch(ctx, app);
}

async function syncOnce(ctx: CommandContext, app: Switchboard): Promise<number> {
  const { output } = ctx;
  const progress = new SyncProgressReporter(output);
  const outboxLines: string[] = [];
  const unsubscribe = app.subscribe((event) => {
    if (event.type === 'sync.progress') progress.update(event);
    const line = event.type === 'outbox.changed' && outboxEventLine(event);
    if (line) outboxLines.push(line);
  });
  const result = await app.sync.runOnce().finally(() => {
    unsubscribe();
    progress.stop();
  });
  if (result.teamError) output.err(`switchboard: team: ${result.teamError.message}`);
  const { team } = result;
  if (ctx.values.json) printJson(output, result.accounts);
  else {
    for (const line of result.accounts)
      output.out(
        `${line.account}: ${line.added} new, ${line.removed} removed, ${line.flagsChanged} flag changes, ${line.bodies} bodies, ${line.folders} folders`,
      );
    if (team)
      output.out(`team: ${team.conversations} conversations with team state${teamNote(team)}`);
    for (const line of outboxLines) output.out(line);
  }
  // A refused token fails the command; a team server that cannot be reached does not.
  const refused = team?.delivery === 'refused' || result.teamError?.code === 'token-refused';
  if (team?.delivery === 'refused' && ctx.values.json)
    output.err(`switchboard: team: token refused: ${team.note}`);
  for (const failure of result.failures) output.err(`switchboard: ${failureLine(failure)}`);
  return result.failures.length || refused ? 1 : 0;
}

async function watch(ctx: CommandContext, app: Switchboard): Promise<number> {
  const { output } = ctx;
  const json = ctx.values.json === true;
  const unsubscribe = app.subscribe((event) => {
    if (event.type === 'sync.passed') printPass(ctx, event);
    else if (event.type === 'sync.failed') output.err(`switchboard: ${failureLine(event)}`);
    else if (event.type === 'sync.team') printTeam(ctx, event);
    else if (event.type === 'outbox.changed') printOutboxChange(ctx, event);
  });
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const status = await app.sync.start();
    if (!json) output.out(`syncing ${status.accounts.length} account(s); Ctrl-C to stop`);
    await stopped;
    await app.sync.stop();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    unsubscribe();
  }
  return 0;
}

function printPass(ctx: CommandContext, pass: AppEventOf<'sync.passed'>): void {
  const { account, folders, added, removed, flagsChanged, bodies, actions } = pass;
  if (ctx.values.json)
    ctx.output.out(
      JSON.stringify({
        event: 'synced',
        account,
        folders,
        added,
        removed,
        flagsChanged,
        bodies,
        actions,
      }),
    );
  else if (added || removed || flagsChanged)
    ctx.output.out(`${account}: ${added} new, ${removed} removed, ${flagsChanged} flag changes`);
}

/** A message the running sync sent, or left for the agent. */
function printOutboxChange(ctx: CommandContext, event: AppEventOf<'outbox.changed'>): void {
  const line = outboxEventLine(event);
  if (!line) return;
  const { id, messageId, conversationId, state } = event;
  if (ctx.values.json)
    ctx.output.out(JSON.stringify({ event: 'outbox', id, messageId, conversationId, state }));
  else ctx.output.out(line);
}

/** The team half of the running sync: its first exchange, or why it could not start. */
function printTeam(ctx: CommandContext, { exchange, error }: AppEventOf<'sync.team'>): void {
  if (error) ctx.output.err(`switchboard: team: ${error.message}`);
  if (!exchange) return;
  const { workspaceId, conversations, delivery, note } = exchange;
  if (ctx.values.json)
    ctx.output.out(
      JSON.stringify({
        event: 'team',
        workspaceId,
        conversations,
        confirmed: delivery === 'confirmed',
        ...(delivery === 'refused' ? { refused: note } : {}),
      }),
    );
  else
    ctx.output.out(
      `team: workspace ${workspaceId}, ${conversations} conversations with team state${teamNote(exchange)}`,
    );
}

/** The end of a team line: nothing when confirmed, else why not and what to do. */
function teamNote({ delivery, note }: TeamExchange): string {
  if (delivery === 'refused') return ` (token refused: ${note})`;
  return note ? ` (${note})` : '';
}

function failureLine({ account, mailbox, message }: SyncFailure): string {
  return mailbox === null ? `${account}: ${message}` : `${account}: ${mailbox}: ${message}`;
}
