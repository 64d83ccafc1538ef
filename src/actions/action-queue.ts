import { createRoleFolder, isCreatableRole } from '../imap/special-use.js';
import type { SyncContext } from '../sync/sync-context.js';

const MAX_ATTEMPTS = 5;

/** What a queued action carries (mail-actions.ts writes it). */
export interface ActionPayload {
  add?: string[];
  remove?: string[];
  destination?: string;
  /** The destination was made up locally for this role (no such folder yet): create it first. */
  create?: string;
}

interface ActionRow {
  id: number;
  kind: 'flags' | 'move' | 'delete';
  mailbox_path: string;
  uid: number;
  payload_json: string;
}

/**
 * Writes queued local actions back to the server, oldest first. An action is removed only after
 * the server confirmed it; replaying one after a crash is harmless (a flag already set, a UID
 * already moved away: the server answers with nothing to do). A connection failure stops the
 * flush and leaves the rest queued.
 */
export async function flushPendingActions(ctx: SyncContext): Promise<number> {
  const rows = ctx.db
    .prepare<[string], ActionRow>(
      'SELECT id, kind, mailbox_path, uid, payload_json FROM pending_actions WHERE account_id = ? ORDER BY id',
    )
    .all(ctx.account.id);
  for (const row of rows) {
    try {
      await flushOne(row);
    } catch (error) {
      // The server refused this one action (NO/BAD): record it and go on; give up after a few
      // tries, since the server's state wins. Anything else (connection lost) stops the flush.
      if (!isRefusal(error)) throw error;
      await ctx.cache.run({
        type: 'action-failed',
        actionId: row.id,
        error: describe(error),
        maxAttempts: MAX_ATTEMPTS,
      });
    }
  }
  return rows.length;

  async function flushOne(row: ActionRow): Promise<void> {
    const payload = JSON.parse(row.payload_json) as ActionPayload;
    await ctx.locks.run(`${ctx.account.id}\n${row.mailbox_path}`, async () => {
      const lock = await ctx.client.getMailboxLock(row.mailbox_path, {
        description: 'switchboard action',
      });
      try {
        const uid = String(row.uid);
        if (row.kind === 'flags') {
          if (payload.add?.length)
            await ctx.client.messageFlagsAdd(uid, payload.add, { uid: true });
          if (payload.remove?.length)
            await ctx.client.messageFlagsRemove(uid, payload.remove, { uid: true });
          await ctx.cache.run({ type: 'action-done', actionId: row.id });
        } else if (row.kind === 'move') {
          const moved = await ctx.client.messageMove(uid, payload.destination!, { uid: true });
          const newUid = moved ? moved.uidMap?.get(row.uid) : undefined;
          // Without a COPYUID the destination's next sync files the copy (same dedupe key).
          await ctx.cache.run({
            type: 'action-done',
            actionId: row.id,
            ...(newUid !== undefined
              ? {
                  moved: {
                    accountId: ctx.account.id,
                    destination: payload.destination!,
                    uid: newUid,
                  },
                }
              : {}),
          });
        } else {
          await ctx.client.messageDelete(uid, { uid: true });
          await ctx.cache.run({ type: 'action-done', actionId: row.id });
        }
      } finally {
        lock.release();
      }
    });
  }
}

/**
 * Creates on the server the folders that queued archive and trash actions moved messages into
 * while the account had none (mail-actions.ts). Runs before the sync reads the folder list, so
 * the list has them: their cached copies stay, and their role comes from the server (special-use)
 * or their name. A server that refuses to create one gets its actions dropped at once, their
 * messages put back where they were: it would refuse again.
 */
export async function createActionFolders(ctx: SyncContext): Promise<void> {
  const rows = ctx.db
    .prepare<[string], { id: number; payload_json: string }>(
      "SELECT id, payload_json FROM pending_actions WHERE account_id = ? AND kind = 'move' ORDER BY id",
    )
    .all(ctx.account.id);
  const byFolder = new Map<string, { role: string; actions: number[] }>();
  for (const row of rows) {
    const payload = JSON.parse(row.payload_json) as ActionPayload;
    if (!payload.create || !payload.destination) continue;
    const entry = byFolder.get(payload.destination) ?? { role: payload.create, actions: [] };
    entry.actions.push(row.id);
    byFolder.set(payload.destination, entry);
  }
  for (const [path, { role, actions }] of byFolder) {
    if (!isCreatableRole(role)) continue;
    try {
      await createRoleFolder(ctx.client, path, role);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      for (const actionId of actions)
        await ctx.cache.run({
          type: 'action-failed',
          actionId,
          error: `could not create the folder ${path}: ${describe(error)}`,
          maxAttempts: 1,
        });
    }
  }
}

/** The server refused the command (NO or BAD, RFC 3501 §7.1), as opposed to a lost connection. */
function isRefusal(error: unknown): boolean {
  const status = (error as { responseStatus?: string }).responseStatus;
  return status === 'NO' || status === 'BAD';
}

/** The server's own words where it gave some (imapflow's message is only "Command failed"). */
function describe(error: unknown): string {
  return (error as { responseText?: string }).responseText ?? (error as Error).message;
}
