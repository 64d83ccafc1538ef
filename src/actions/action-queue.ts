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
    .prepare<[string], ActionRow>('SELECT id, kind, mailbox_path, uid, payload_json FROM pending_actions WHERE account_id = ? ORDER BY id')
    .all(ctx.account.id);
  const done = ctx.db.prepare('DELETE FROM pending_actions WHERE id = ?');
  const confirmMove = ctx.db.prepare(
    `UPDATE OR IGNORE message_locations SET uid = ? WHERE uid = ? AND mailbox_id = (SELECT id FROM mailboxes WHERE account_id = ? AND path = ?)`,
  );
  const dropPlaceholder = ctx.db.prepare('DELETE FROM message_locations WHERE uid = ?');
  const failed = ctx.db.prepare(
    'UPDATE pending_actions SET attempts = attempts + 1, last_error = ? WHERE id = ? RETURNING attempts',
  );
  for (const row of rows) {
    try {
      await flushOne(row);
    } catch (error) {
      // The server refused this one action (NO/BAD): record it and go on; give up after a few
      // tries, since the server's state wins. Anything else (connection lost) stops the flush.
      const status = (error as { responseStatus?: string }).responseStatus;
      if (status !== 'NO' && status !== 'BAD') throw error;
      const { attempts } = failed.get((error as Error).message, row.id) as { attempts: number };
      if (attempts >= MAX_ATTEMPTS) ctx.db.transaction(() => { dropPlaceholder.run(-row.id); done.run(row.id); })();
    }
  }
  return rows.length;

  async function flushOne(row: ActionRow): Promise<void> {
    const payload = JSON.parse(row.payload_json) as { add?: string[]; remove?: string[]; destination?: string };
    await ctx.locks.run(`${ctx.account.id}\n${row.mailbox_path}`, async () => {
      const lock = await ctx.client.getMailboxLock(row.mailbox_path, { description: 'switchboard action' });
      try {
        const uid = String(row.uid);
        if (row.kind === 'flags') {
          if (payload.add?.length) await ctx.client.messageFlagsAdd(uid, payload.add, { uid: true });
          if (payload.remove?.length) await ctx.client.messageFlagsRemove(uid, payload.remove, { uid: true });
          done.run(row.id);
        } else if (row.kind === 'move') {
          const moved = await ctx.client.messageMove(uid, payload.destination!, { uid: true });
          const newUid = moved ? moved.uidMap?.get(row.uid) : undefined;
          ctx.db.transaction(() => {
            // Without a COPYUID the destination's next sync files the copy (same dedupe key).
            if (newUid !== undefined) confirmMove.run(newUid, -row.id, ctx.account.id, payload.destination!);
            dropPlaceholder.run(-row.id);
            done.run(row.id);
          })();
        } else {
          await ctx.client.messageDelete(uid, { uid: true });
          done.run(row.id);
        }
      } finally {
        lock.release();
      }
    });
  }
}
