import type { Db } from '../db/open-database.js';
import { UserError } from '../errors.js';
import { MessageWriter } from '../store/message-writer.js';
import { getAccount } from './account-store.js';

export interface RemovedAccount {
  id: string;
  email: string;
  messages: number;
  conversations: number;
  /** Local mail actions (`mark`) the server had not got yet, dropped with the account. */
  droppedActions: number;
}

/**
 * Removes an account (by id or address) and all of its mail from the cache, in one transaction:
 * its messages with their search index rows, folder copies and attachments, its folders, its
 * threading nodes, its conversations with their summaries and the aliases that led to them, and
 * its pending actions. The mail server is not touched: adding the account again brings it all
 * back. Team state is the team's, not the account's, and stays (the same conversation ids come
 * back with the account). Pending actions are changes that exist nowhere else, so they are only
 * dropped when `dropPendingActions` says so.
 *
 * Must not run beside a sync of the same data directory (the caller holds the sync lock): a sync
 * would go on filing mail of an account that is gone.
 */
export function removeAccount(
  db: Db,
  idOrEmail: string,
  options: { dropPendingActions: boolean },
): RemovedAccount {
  return db
    .transaction(() => {
      const account = getAccount(db, idOrEmail);
      const count = (sql: string) => db.prepare(sql).pluck().get(account.id) as number;
      const pending = count('SELECT count(*) FROM pending_actions WHERE account_id = ?');
      if (pending && !options.dropPendingActions)
        throw new UserError(
          'usage',
          `${account.email} has ${pending} local change${pending === 1 ? '' : 's'} the server does not have yet: run a sync first, or add --force to drop ${pending === 1 ? 'it' : 'them'}`,
        );
      const ids = db
        .prepare('SELECT id FROM messages WHERE account_id = ?')
        .pluck()
        .all(account.id) as number[];
      // The one place that knows how a message leaves the (contentless) search index; its copies
      // and attachments follow by ON DELETE CASCADE.
      const writer = new MessageWriter(db);
      for (const id of ids) writer.deleteMessage(id);
      // Aliases of merged conversations, followed back from the account's conversations.
      db.prepare(
        `WITH RECURSIVE gone(id) AS (
           SELECT id FROM conversations WHERE account_id = ?
           UNION SELECT a.old_id FROM conversation_aliases a JOIN gone ON a.new_id = gone.id)
         DELETE FROM conversation_aliases WHERE old_id IN gone`,
      ).run(account.id);
      db.prepare('DELETE FROM thread_nodes WHERE account_id = ?').run(account.id);
      const conversations = db
        .prepare('DELETE FROM conversations WHERE account_id = ?')
        .run(account.id).changes;
      // Its folders and pending actions follow by ON DELETE CASCADE.
      db.prepare('DELETE FROM accounts WHERE id = ?').run(account.id);
      return {
        id: account.id,
        email: account.email,
        messages: ids.length,
        conversations,
        droppedActions: pending,
      };
    })
    .immediate();
}
