import { roleOf } from '../imap/special-use.js';
import { flushPendingActions } from '../actions/action-queue.js';
import { syncBodies } from './body-sync.js';
import { syncFolder, type FolderStatus, type FolderSyncResult } from './folder-sync.js';
import type { SyncContext } from './sync-context.js';

export interface AccountSyncResult {
  account: string;
  folders: FolderSyncResult[];
  bodies: number;
  actions: number;
  collected: number;
}

/**
 * One full pass over an account: folder list (with LIST-STATUS, so unchanged folders cost
 * nothing), headers of every folder (Inbox first), queued local actions, then text bodies.
 * Headers of all folders come before any body, so the whole inbox is listed as early as possible.
 */
export async function syncAccount(
  ctx: SyncContext,
  options: { bodies?: boolean; only?: string[] } = {},
): Promise<AccountSyncResult> {
  ctx.onProgress?.({ phase: 'folders', account: ctx.account.email });
  const listed = await ctx.client.list({
    statusQuery: { uidNext: true, uidValidity: true, highestModseq: true, messages: true },
  });
  const selectable = listed.filter((entry) => !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent'));
  const { current, gone } = ctx.mailboxes.reconcile(
    ctx.account.id,
    selectable.map((entry) => ({
      path: entry.path,
      name: entry.name,
      delimiter: entry.delimiter || null,
      role: roleOf(entry.path, entry.specialUse),
    })),
  );
  for (const mailbox of gone) {
    ctx.db.transaction(() => {
      for (const uid of ctx.mailboxes.localUids(mailbox.id)) ctx.writer.removeLocation(mailbox.id, uid);
      ctx.writer.flush();
      ctx.mailboxes.remove(mailbox.id);
    })();
  }
  const statuses = new Map<string, FolderStatus | undefined>(selectable.map((entry) => [entry.path, entry.status]));

  const actions = await flushPendingActions(ctx);
  const folders: FolderSyncResult[] = [];
  for (const mailbox of current) {
    if (options.only && !options.only.includes(mailbox.path)) continue;
    // STATUS of the mailbox this connection has selected may be stale (RFC 3501 §6.3.10 advises
    // against it); a pass asked for by IDLE knows the folder changed; actions just changed it.
    const selected = ctx.client.mailbox && ctx.client.mailbox.path === mailbox.path;
    const trustStatus = actions === 0 && !selected && !options.only;
    folders.push(await syncFolder(ctx, mailbox, trustStatus ? statuses.get(mailbox.path) : undefined));
  }
  const collected = collect(ctx);
  // Every header is in: the whole mailbox is listed from here on (time-to-inbox).
  ctx.onProgress?.({ phase: 'bodies', account: ctx.account.email, done: 0 });
  const bodies = options.bodies === false ? 0 : await syncBodies(ctx);
  ctx.onProgress?.({ phase: 'done', account: ctx.account.email });
  return { account: ctx.account.email, folders, bodies, actions, collected };
}

/** Removes messages no folder holds any more, once every folder has been looked at. */
export function collect(ctx: SyncContext): number {
  const { count, changed } = ctx.db.transaction(() => {
    const removed = ctx.writer.collect(ctx.account.id);
    return { count: removed, changed: ctx.writer.flush() };
  })();
  if (changed.length) ctx.onChange?.(changed);
  return count;
}
