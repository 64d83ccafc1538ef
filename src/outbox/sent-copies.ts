import type { ImapFlow } from 'imapflow';
import type { Account } from '../accounts/account-store.js';
import type { SecretSource } from '../accounts/secrets.js';
import type { Db } from '../db/open-database.js';
import { UserError } from '../errors.js';
import { connectImap } from '../imap/connect.js';
import type { OutboxSenderOptions } from './outbox-sender.js';
import { appendToSent, sentFolderPath, sentHolds } from './sent-folder.js';

/**
 * The outbox sender's Sent folder over IMAP: a connection of its own for each copy or question
 * (a few a minute at most, and never while a sync's connection is in the middle of a folder).
 */
export function imapSentCopies(
  db: Db,
  secrets: SecretSource,
): NonNullable<OutboxSenderOptions['sentCopies']> {
  const sentPath = (account: Account): string => {
    const path = sentFolderPath(db, account.id);
    if (!path) throw new UserError('not-found', `${account.email} has no Sent folder`);
    return path;
  };
  return {
    append: ({ account }, raw, sentAt) =>
      withImap(account, secrets, (client) => appendToSent(client, sentPath(account), raw, sentAt)),
    holds: ({ account }, entry) =>
      withImap(account, secrets, (client) => sentHolds(client, sentPath(account), entry.messageId)),
  };
}

async function withImap<T>(
  account: Account,
  secrets: SecretSource,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = await connectImap(account, secrets);
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
