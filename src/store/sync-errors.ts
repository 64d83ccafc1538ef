import type { Db } from '../db/open-database.js';

/** Where a sync failure is shown (migration 005): on a folder's row, or on its account's. */
export type SyncErrorTarget = { mailboxId: number } | { accountId: string };

/**
 * Records the last failure of a folder's or an account's sync (one line for a user, and when),
 * or clears it with null once it syncs again. Returns the rows changed.
 */
export function setSyncError(db: Db, target: SyncErrorTarget, error: string | null): number {
  const [table, id] =
    'mailboxId' in target ? ['mailboxes', target.mailboxId] : ['accounts', target.accountId];
  // Clearing a row that has nothing to clear writes nothing (every pass of a running sync asks).
  const unless = error === null ? ' AND sync_error IS NOT NULL' : '';
  return db
    .prepare(`UPDATE ${table} SET sync_error = ?, sync_error_at = ? WHERE id = ?${unless}`)
    .run(error, error === null ? null : Date.now(), id).changes;
}
