import { join } from 'node:path';
import { addLocalAccount, type Account } from '../accounts/account-store.js';
import type { Db } from '../db/open-database.js';
import { makePrivateDir } from '../db/private-files.js';
import { BlobStore } from '../files/blob-store.js';
import { openCacheWriter } from '../store/cache-writer.js';
import {
  appendLocalMessages,
  createLocalFolders,
  type LocalMailbox,
  type LocalMessage,
} from '../sync/local-mailbox.js';
import { demoMessageBytes } from './demo-mail.js';
import { DEMO_MAILBOXES, type DemoMailbox } from './demo-people.js';
import type { DemoPlan, PlannedConversation, PlannedMessage } from './demo-plan.js';

/** The folders of each demo mailbox, with the roles a server would give them (RFC 6154). */
const FOLDERS = [
  { path: 'INBOX', name: 'INBOX', delimiter: '/', role: 'inbox' },
  { path: 'Sent', name: 'Sent', delimiter: '/', role: 'sent' },
  { path: 'Archive', name: 'Archive', delimiter: '/', role: 'archive' },
  { path: 'Trash', name: 'Trash', delimiter: '/', role: 'trash' },
] as const;

/**
 * The demo's shared mailboxes as local accounts, their mail filed the way a sync files fetched
 * mail (src/sync/local-mailbox.ts). Returns each planned conversation's id, as threading gave it.
 */
export async function seedMailboxes(db: Db, dataDir: string, plan: DemoPlan): Promise<string[]> {
  const blobDir = join(dataDir, 'blobs');
  makePrivateDir(blobDir);
  const blobs = new BlobStore(blobDir);
  const cache = openCacheWriter(db);
  const accounts = new Map<DemoMailbox, Account>();
  try {
    for (const [key, mailbox] of Object.entries(DEMO_MAILBOXES) as Array<
      [DemoMailbox, (typeof DEMO_MAILBOXES)[DemoMailbox]]
    >) {
      const account = addLocalAccount(db, mailbox);
      accounts.set(key, account);
      const local: LocalMailbox = { db, cache, blobs, account };
      await createLocalFolders(
        local,
        FOLDERS.map((folder) => ({ ...folder })),
      );
      const conversations = plan.conversations.filter((c) => c.mailbox === key);
      for (const folder of FOLDERS) {
        const messages = await folderMessages(conversations, folder.path);
        if (messages.length) await appendLocalMessages(local, folder.path, messages);
      }
    }
  } finally {
    await cache.close();
  }
  const conversationOf = db
    .prepare<[string, string], string>(
      'SELECT conversation_id FROM messages WHERE account_id = ? AND message_id = ?',
    )
    .pluck();
  return plan.conversations.map((conversation) => {
    const id = conversationOf.get(
      accounts.get(conversation.mailbox)!.id,
      conversation.messages[0]!.messageId,
    );
    if (!id) throw new Error(`the demo's conversation "${conversation.subject}" was not filed`);
    return id;
  });
}

/** A folder's messages in the order they arrived (UIDs ascend with arrival, RFC 3501 §2.3.1.1). */
async function folderMessages(
  conversations: readonly PlannedConversation[],
  folder: string,
): Promise<LocalMessage[]> {
  const copies = conversations
    .flatMap((conversation) =>
      conversation.messages.map((message, index) => ({ conversation, message, index })),
    )
    .filter(({ message }) => message.folder === folder)
    .sort((a, b) => a.message.at - b.message.at);
  return Promise.all(
    copies.map(async ({ conversation, message, index }) => ({
      raw: await demoMessageBytes(conversation, index),
      flags: flagsOf(message, conversation.messages[index + 1]),
      receivedAt: new Date(message.at),
    })),
  );
}

/** RFC 3501 §2.3.2: read, starred, and answered when the team's reply followed it. */
function flagsOf(message: PlannedMessage, next: PlannedMessage | undefined): string[] {
  return [
    ...(message.seen ? ['\\Seen'] : []),
    ...(message.flagged ? ['\\Flagged'] : []),
    ...(message.from === 'customer' && next?.from === 'team' ? ['\\Answered'] : []),
  ];
}
