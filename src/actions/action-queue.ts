import type { SyncContext } from '../sync/sync-context.js';

const MAX_ATTEMPTS = 5;

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
      const status = (error as { responseStatus?: string }).responseStatus;
      if (status !== 'NO' && status !== 'BAD') throw error;
      await ctx.cache.run({
        type: 'action-failed',
        actionId: row.id,
        error: (error as Error).message,
        maxAttempts: MAX_ATTEMPTS,
      });
    }
  }
  return rows.length;

  async function flushOne(row: ActionRow): Promise<void> {
    const payload = JSON.parse(row.payload_json) as {
      add?: string[];
      remove?: string[];
      destination?: string;
    };
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
