import type { Account } from '../accounts/account-store.js';
import type { Db } from '../db/open-database.js';
import { UserError } from '../errors.js';
import type { BlobStore } from '../files/blob-store.js';
import { toMessageRecord } from '../mail/message-record.js';
import type { PartRef } from '../mime/body-structure.js';
import {
  findPart,
  headerSection,
  partBytes,
  readMimeTree,
  type MimePart,
} from '../mime/mime-tree.js';
import { decodeTransferEncoding } from '../mime/transfer-decoding.js';
import type { FiledMessage } from '../store/cache-ops.js';
import { InlineCacheWriter, type CacheWriter } from '../store/cache-writer.js';
import { MailboxStore, type MailboxRow, type ServerMailbox } from '../store/mailbox-store.js';
import { decodeBody, MAX_TEXT_PART_BYTES } from './body-sync.js';

/*
 * The mailbox of a local account (transport `local`: the demo's), which no server holds: the app
 * plays the server's part. Its folders and messages are filed through the same cache ops as a
 * sync files fetched mail (`reconcile`, `file`, `save-state`, `bodies`), from records read by the
 * same code (toMessageRecord over the header section and a BODYSTRUCTURE, decodeBody over the
 * chosen text part), so threading, search, lists and actions treat the mail exactly as fetched
 * mail. What a server would keep (the whole message, its attachments) goes into the data
 * directory's content-addressed store, where opening them reads it (messages.source_hash,
 * attachments.content_hash).
 */

/** Every local folder has this UIDVALIDITY: its UIDs are never renumbered (RFC 3501 §2.3.1.1). */
const LOCAL_UID_VALIDITY = 1;

/** Where a local account's mail goes. */
export interface LocalMailbox {
  /** The cache, for reads (writes go through `cache`). */
  db: Db;
  cache: CacheWriter;
  blobs: BlobStore;
  account: Account;
}

/** A message to file: its RFC 5322 bytes, its flags, when it arrived (INTERNALDATE). */
export interface LocalMessage {
  raw: Buffer;
  flags: readonly string[];
  receivedAt: Date;
}

/** Makes the account's folders (their roles as given), as a sync mirrors a server's list. */
export async function createLocalFolders(
  mailbox: LocalMailbox,
  folders: ServerMailbox[],
): Promise<MailboxRow[]> {
  const { cache, account } = requireLocal(mailbox);
  const { value } = await cache.run({ type: 'reconcile', accountId: account.id, folders });
  for (const folder of value.current) await saveState(cache, folder, folder.uid_next);
  return value.current;
}

/**
 * Files messages into a folder of a local account (numbered on from its UIDNEXT), with their
 * texts indexed and their bytes stored. Returns the conversations it changed.
 */
export async function appendLocalMessages(
  mailbox: LocalMailbox,
  path: string,
  messages: readonly LocalMessage[],
): Promise<{ conversationIds: string[] }> {
  const { db, cache, account } = requireLocal(mailbox);
  await cache.drain();
  const folder = new MailboxStore(db).byPath(account.id, path);
  if (!folder) throw new UserError('not-found', `${account.email} has no folder ${path}`);
  const firstUid = folder.uid_next;
  const read = messages.map((message, index) => ({
    message,
    uid: firstUid + index,
    tree: readMimeTree(message.raw),
  }));
  const filed = await cache.run({
    type: 'file',
    account: { id: account.id, email: account.email },
    mailboxId: folder.id,
    messages: read.map(({ message, uid, tree }): FiledMessage => ({
      fetched: { uid, flags: message.flags, modseq: undefined },
      record: toMessageRecord({
        uid,
        flags: new Set(message.flags),
        modseq: undefined,
        internalDate: message.receivedAt,
        size: message.raw.length,
        headers: headerSection(message.raw, tree),
        bodyStructure: tree,
      }),
    })),
  });
  await saveState(cache, folder, firstUid + read.length);
  const byUid = new Map(read.map((entry) => [entry.uid, entry]));
  await fileBodies(mailbox, folder.id, firstUid, byUid);
  keepBytes(mailbox, folder.id, firstUid, byUid);
  return { conversationIds: filed.changed };
}

interface ReadMessage {
  message: LocalMessage;
  tree: MimePart;
}

/** The second phase of a sync (body-sync.ts), its text parts taken from the bytes at hand. */
async function fileBodies(
  { db, cache }: LocalMailbox,
  mailboxId: number,
  firstUid: number,
  byUid: Map<number, ReadMessage>,
): Promise<void> {
  const pending = db
    .prepare<[number, number], { id: number; text_part_json: string; uid: number }>(
      `SELECT m.id, m.text_part_json, l.uid FROM message_locations l JOIN messages m ON m.id = l.message_id
       WHERE l.mailbox_id = ? AND l.uid >= ? AND m.body_state = 'pending' ORDER BY m.id`,
    )
    .all(mailboxId, firstUid);
  if (pending.length === 0) return;
  const results = pending.map((row) => {
    const { message, tree } = byUid.get(row.uid)!;
    const part = (JSON.parse(row.text_part_json) as PartRef).part;
    return decodeBody(row, partBytes(message.raw, tree, part)?.subarray(0, MAX_TEXT_PART_BYTES));
  });
  await cache.run({ type: 'bodies', results });
}

/** The whole messages and their attachments into the store, where opening them reads them. */
function keepBytes(
  { db, blobs }: LocalMailbox,
  mailboxId: number,
  firstUid: number,
  byUid: Map<number, ReadMessage>,
): void {
  const rows = db
    .prepare<[number, number], { message_id: number; uid: number }>(
      'SELECT message_id, uid FROM message_locations WHERE mailbox_id = ? AND uid >= ?',
    )
    .all(mailboxId, firstUid);
  const attachmentsOf = db.prepare<[number], { id: number; part: string }>(
    'SELECT id, part FROM attachments WHERE message_id = ?',
  );
  const sources: Array<[number, string]> = [];
  const files: Array<[number, string, number]> = [];
  for (const { message_id: messageId, uid } of rows) {
    const { message, tree } = byUid.get(uid)!;
    sources.push([messageId, blobs.putBytes(message.raw).hash]);
    for (const attachment of attachmentsOf.all(messageId)) {
      const node = findPart(tree, attachment.part);
      const bytes = partBytes(message.raw, tree, attachment.part);
      if (!node || !bytes) continue;
      const { hash, size } = blobs.putBytes(decodeTransferEncoding(bytes, node.encoding));
      files.push([attachment.id, hash, size]);
    }
  }
  const setSource = db.prepare('UPDATE messages SET source_hash = ? WHERE id = ?');
  const setContent = db.prepare('UPDATE attachments SET content_hash = ?, size = ? WHERE id = ?');
  db.transaction(() => {
    for (const [messageId, hash] of sources) setSource.run(hash, messageId);
    for (const [attachmentId, hash, size] of files) setContent.run(hash, size, attachmentId);
  })();
}

/**
 * The Sent folder of local accounts, as the outbox files its copies (the shape of
 * OutboxSenderOptions['sentCopies'], src/outbox/outbox-sender.ts): a sent message filed into the
 * account's Sent folder here, at once, and found there by its Message-ID. What a local account's
 * sending stands on: nothing leaves the machine, and the reply is in its conversation, whose id
 * `changed` is told (for `conversations.changed`).
 */
export function localSentCopies(
  db: Db,
  blobs: BlobStore,
  changed: (conversationIds: string[]) => void = () => undefined,
) {
  return {
    append: async (account: Account, raw: Buffer, sentAt: Date): Promise<void> => {
      const sent = new MailboxStore(db).byRole(account.id, 'sent');
      if (!sent) throw new UserError('not-found', `${account.email} has no Sent folder`);
      const cache = new InlineCacheWriter(db);
      const { conversationIds } = await appendLocalMessages(
        { db, cache, blobs, account },
        sent.path,
        [{ raw, flags: ['\\Seen'], receivedAt: sentAt }],
      );
      if (conversationIds.length) changed(conversationIds);
    },
    holds: (account: Account, entry: { messageId: string }): Promise<boolean> =>
      Promise.resolve(
        db
          .prepare(
            `SELECT 1 FROM messages m JOIN message_locations l ON l.message_id = m.id
             JOIN mailboxes mb ON mb.id = l.mailbox_id
             WHERE m.account_id = ? AND m.message_id = ? AND mb.role = 'sent'`,
          )
          .get(account.id, entry.messageId) !== undefined,
      ),
  };
}

/** Records the folder as complete up to `uidNext`, as a sync does after each folder. */
async function saveState(cache: CacheWriter, folder: MailboxRow, uidNext: number): Promise<void> {
  await cache.run({
    type: 'save-state',
    mailboxId: folder.id,
    state: {
      uidValidity: folder.uid_validity ?? LOCAL_UID_VALIDITY,
      uidNext,
      highestModseq: null,
    },
    flags: { unseenCount: null },
  });
}

function requireLocal(mailbox: LocalMailbox): LocalMailbox {
  // A server's account is filed by the sync from its server, never from here.
  if (mailbox.account.transport !== 'local')
    throw new Error(`${mailbox.account.email} is not a local account`);
  return mailbox;
}
