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
  /** Messages of its outbox that were not sent, dropped with the account. */
  droppedMessages: number;
}

/**
 * Removes an account (by id or address) and all of its mail from the cache, in one transaction:
 * its messages with their search index rows, folder copies and attachments, its folders, its
 * threading nodes, its conversations with their summaries and the aliases that led to them, and
 * its pending actions and its outbox. The mail server is not touched: adding the account again brings it all
 * back. Team state is the team's, not the account's, and stays (the same conversation ids come
 * back with the account). Pending actions and unsent messages exist nowhere else, so they are only
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
      // Messages of its outbox not sent (waiting, held, failed, unknown) exist nowhere else.
      const unsent = count("SELECT count(*) FROM outbox WHERE account_id = ? AND state != 'sent'");
      if ((pending || unsent) && !options.dropPendingActions) {
        const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
        const held = [
          ...(pending
            ? [plural(pending, 'local change', 'local changes') + ' the server does not have yet']
            : []),
          ...(unsent ? [plural(unsent, 'message', 'messages') + ' in the outbox not sent'] : []),
        ].join(' and ');
        throw new UserError(
          'usage',
          `${account.email} has ${held}: run a sync first (cancel what should not go), or add --force to drop ${pending + unsent === 1 ? 'it' : 'them'}`,
        );
      }
      db.prepare('DELETE FROM outbox WHERE account_id = ?').run(account.id);
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
        droppedMessages: unsent,
      };
    })
    .immediate();
}
