import type { ImapFlow } from 'imapflow';
import type { Account } from '../accounts/account-store.js';
import type { SecretSource } from '../accounts/secrets.js';
import type { Db } from '../db/open-database.js';
import { UserError } from '../errors.js';
import { connectImap } from '../imap/connect.js';
import type { OutboxSenderOptions } from './outbox-sender.js';
import { appendToSent, sentFolderPath, sentHolds } from './sent-folder.js';

/** How long the Sent folder's connection waits for the next copy before it logs out. */
const IDLE_MS = 2000;

/**
 * The outbox sender's Sent folder over IMAP, on a connection of its own per account (never a
 * sync's, which may be in the middle of a folder), kept from one copy to the next while copies
 * come (a queue of replies is one login, not one each) and logged out after 2 s without one; a
 * connection that failed is dropped, the next copy opens another.
 */
export function imapSentCopies(
  db: Db,
  secrets: SecretSource,
  idleMs = IDLE_MS,
): NonNullable<OutboxSenderOptions['sentCopies']> {
  const kept = new Map<string, { client: ImapFlow; timer: NodeJS.Timeout }>();
  const sentPath = (account: Account): string => {
    const path = sentFolderPath(db, account.id);
    if (!path) throw new UserError('not-found', `${account.email} has no Sent folder`);
    return path;
  };
  const logout = (client: ImapFlow) => void client.logout().catch(() => client.close());
  const withImap = async <T>(account: Account, work: (client: ImapFlow) => Promise<T>) => {
    const entry = kept.get(account.id);
    kept.delete(account.id);
    if (entry) clearTimeout(entry.timer);
    const client = entry?.client.usable ? entry.client : await connectImap(account, secrets);
    if (entry && entry.client !== client) logout(entry.client);
    try {
      const result = await work(client);
      const timer = setTimeout(() => {
        if (kept.get(account.id)?.client === client) kept.delete(account.id);
        logout(client);
      }, idleMs);
      // A kept connection never holds the process open.
      timer.unref();
      kept.set(account.id, { client, timer });
      return result;
    } catch (error) {
      logout(client);
      throw error;
    }
  };
  return {
    append: (account, raw, sentAt) =>
      withImap(account, (client) => appendToSent(client, sentPath(account), raw, sentAt)),
    holds: (account, entry) =>
      withImap(account, (client) => sentHolds(client, sentPath(account), entry.messageId)),
  };
}
