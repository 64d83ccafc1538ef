import type { Account } from '../accounts/account-store.js';
import type { Db } from '../db/open-database.js';
import { UserError } from '../errors.js';
import type { ImapConnectionPool } from '../imap/imap-connection-pool.js';
import type { OutboxSenderOptions } from './outbox-sender.js';
import { appendToSent, sentFolderPath, sentHolds } from './sent-folder.js';

/**
 * The outbox sender's Sent folder over IMAP, on the connections kept for what is done on demand
 * (never a sync's, which may be in the middle of a folder): a queue of replies is one login, not
 * one each; a connection that failed is dropped, the next copy opens another.
 */
export function imapSentCopies(
  db: Db,
  connections: ImapConnectionPool,
): NonNullable<OutboxSenderOptions['sentCopies']> {
  const sentPath = (account: Account): string => {
    const path = sentFolderPath(db, account.id);
    if (!path) throw new UserError('not-found', `${account.email} has no Sent folder`);
    return path;
  };
  return {
    append: (account, raw, sentAt) =>
      connections.use(account, (client) => appendToSent(client, sentPath(account), raw, sentAt)),
    holds: (account, entry) =>
      connections.use(account, (client) => sentHolds(client, sentPath(account), entry.messageId)),
  };
}
