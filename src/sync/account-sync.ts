import { roleOf } from '../imap/special-use.js';
import { createActionFolders, flushPendingActions } from '../actions/action-queue.js';
import { syncBodies } from './body-sync.js';
import { FolderFailures, type FolderFailure } from './folder-failures.js';
import {
  syncFolder,
  type FlagCheck,
  type FolderStatus,
  type FolderSyncResult,
} from './folder-sync.js';
import type { SyncContext } from './sync-context.js';

export interface AccountSyncResult {
  account: string;
  folders: FolderSyncResult[];
  bodies: number;
  actions: number;
  collected: number;
  /** Folders that failed on their own this pass (recorded on their rows); the rest synced. */
  failures: FolderFailure[];
}

/**
 * One full pass over an account: folder list (with LIST-STATUS, so unchanged folders cost
 * nothing), headers of every folder (Inbox first), queued local actions, then text bodies.
 * Headers of all folders come before any body, so the whole inbox is listed as early as possible.
 * A folder the server refuses to open or read is skipped and recorded (folder-failures.ts).
 */
export async function syncAccount(
  connection: SyncContext,
  options: {
    bodies?: boolean;
    only?: string[];
    flagCheck?: FlagCheck;
    /** Folders another connection IDLEs on (RFC 2177), telling of every change in them. */
    watched?: string[];
  } = {},
): Promise<AccountSyncResult> {
  const ctx: SyncContext = { ...connection, failures: new FolderFailures(connection.cache) };
  ctx.onProgress?.({ phase: 'folders', account: ctx.account.email });
  await createActionFolders(ctx);
  const listed = await ctx.client.list({
    statusQuery: {
      uidNext: true,
      uidValidity: true,
      highestModseq: true,
      messages: true,
      unseen: true,
    },
  });
  const selectable = listed.filter(
    (entry) => !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent'),
  );
  const { value: folders } = await ctx.cache.run({
    type: 'reconcile',
    accountId: ctx.account.id,
    folders: selectable.map((entry) => ({
      path: entry.path,
      name: entry.name,
      delimiter: entry.delimiter || null,
      role: roleOf(entry.path, entry.specialUse),
    })),
  });
  for (const mailbox of folders.gone) {
    const { changed } = await ctx.cache.run({ type: 'drop-mailbox', mailboxId: mailbox.id });
    if (changed.length) ctx.onChange?.(changed);
  }
  const current = folders.current;
  const statuses = new Map<string, FolderStatus | undefined>(
    selectable.map((entry) => [entry.path, entry.status]),
  );

  const actions = await flushPendingActions(ctx);
  const results: FolderSyncResult[] = [];
  for (const mailbox of current) {
    if (options.only && !options.only.includes(mailbox.path)) continue;
    // STATUS of the mailbox this connection has selected may be stale (RFC 3501 §6.3.10 advises
    // against it), unless another connection IDLEs on it: a change there comes as a pass of its
    // own. Such a pass knows the folder changed, and actions just changed it, whatever STATUS
    // says: looked at, with STATUS still recorded as what it went by.
    const selected = ctx.client.mailbox && ctx.client.mailbox.path === mailbox.path;
    const stale = selected && !options.watched?.includes(mailbox.path);
    const look = actions > 0 || options.only !== undefined;
    ctx.onProgress?.({ phase: 'checking', account: ctx.account.email, mailbox: mailbox.path });
    const result = await ctx.failures.isolate(mailbox, () =>
      syncFolder(
        ctx,
        mailbox,
        stale ? undefined : statuses.get(mailbox.path),
        options.flagCheck,
        look,
      ),
    );
    if (!result) continue;
    results.push(result);
    await ctx.failures.synced(mailbox);
  }
  const collected = await collect(ctx);
  // Every header is in: the whole mailbox is listed from here on (time-to-inbox).
  ctx.onProgress?.({ phase: 'bodies', account: ctx.account.email, done: 0 });
  const bodies = options.bodies === false ? 0 : await syncBodies(ctx);
  ctx.onProgress?.({ phase: 'done', account: ctx.account.email });
  // Housekeeping after the fact (bulk-load.ts): everything is searchable already.
  await ctx.cache.run({ type: 'bulk-load', active: false });
  return {
    account: ctx.account.email,
    folders: results,
    bodies,
    actions,
    collected,
    failures: ctx.failures.list(),
  };
}

/** Removes messages no folder holds any more, once every folder has been looked at. */
export async function collect(ctx: SyncContext): Promise<number> {
  const { value, changed } = await ctx.cache.run({ type: 'collect', accountId: ctx.account.id });
  if (changed.length) ctx.onChange?.(changed);
  return value;
}
