import { listAccounts } from '../accounts/account-store.js';
import type { Db } from '../db/open-database.js';
import type { SyncStatus } from './contract/outputs.js';

/**
 * Where each account's sync stands, from the cache (any process's sync writes it): its failure
 * as a whole, its folders' failures (migration 005), and when it was last synced. A folder's
 * `last_synced_at` moves only when a pass found it changed, so `lastPass` (this app's own passes)
 * is newer for an account whose folders were all unchanged.
 */
export function syncHealth(
  db: Db,
  lastPass: (account: string) => number | undefined,
): SyncStatus['accounts'] {
  const rows = new Map(
    db
      .prepare<[], { id: string; sync_error: string | null; synced_at: number | null }>(
        `SELECT a.id, a.sync_error, max(mb.last_synced_at) AS synced_at
         FROM accounts a LEFT JOIN mailboxes mb ON mb.account_id = a.id GROUP BY a.id`,
      )
      .all()
      .map((row) => [row.id, row]),
  );
  const folderErrors = new Map<string, Array<{ path: string; error: string }>>();
  for (const row of db
    .prepare<[], { account_id: string; path: string; sync_error: string }>(
      `SELECT account_id, path, sync_error FROM mailboxes
       WHERE sync_error IS NOT NULL ORDER BY account_id, path`,
    )
    .all()) {
    const list = folderErrors.get(row.account_id) ?? [];
    list.push({ path: row.path, error: row.sync_error });
    folderErrors.set(row.account_id, list);
  }
  return listAccounts(db).map((account) => {
    const row = rows.get(account.id);
    const synced = Math.max(row?.synced_at ?? 0, lastPass(account.email) ?? 0);
    return {
      id: account.id,
      email: account.email,
      lastSyncedAt: synced > 0 ? new Date(synced).toISOString() : null,
      syncError: row?.sync_error ?? null,
      folderErrors: folderErrors.get(account.id) ?? [],
    };
  });
}
