import type { ImapFlow } from 'imapflow';
import type { Db } from '../db/open-database.js';

/*
 * The account's Sent folder, where a sent message's copy lives: appended by the outbox after the
 * SMTP server accepted it, unless the provider files one itself; and where the outbox looks for a
 * message whose outcome it does not know (the sender died with the data on the wire).
 */

/** The Sent folder as the cache knows it: special-use \Sent (RFC 6154), else none. */
export function sentFolderPath(db: Db, accountId: string): string | undefined {
  return db
    .prepare<[string], string>(
      "SELECT path FROM mailboxes WHERE account_id = ? AND role = 'sent' ORDER BY path LIMIT 1",
    )
    .pluck()
    .get(accountId);
}

/**
 * Files the sent message in Sent, seen (RFC 3501 §6.3.11 APPEND), dated when it was sent: the
 * team's copy of the reply, which every teammate's sync then brings into the conversation.
 */
export async function appendToSent(
  client: ImapFlow,
  path: string,
  raw: Buffer,
  sentAt: Date,
): Promise<void> {
  await client.append(path, raw, ['\\Seen'], sentAt);
}

/**
 * Whether Sent holds a message with this Message-ID (RFC 3501 §6.4.4 SEARCH HEADER; a substring
 * match, so the whole id with its brackets is asked for).
 */
export async function sentHolds(
  client: ImapFlow,
  path: string,
  messageId: string,
): Promise<boolean> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    const found = await client.search(
      { header: { 'message-id': `<${messageId}>` } },
      { uid: true },
    );
    return Array.isArray(found) && found.length > 0;
  } finally {
    lock.release();
  }
}
