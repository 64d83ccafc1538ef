import { simpleParser } from 'mailparser';
import type { ImapFlow } from 'imapflow';
import type { Db } from '../db/open-database.js';
import type { BlobStore } from '../files/blob-store.js';
import { UserError } from '../errors.js';

export interface OpenedMessage {
  subject: string;
  text: string;
  /** Sanitizing and blocking remote content is the viewer's job; inline cid: images are resolved here. */
  html: string | null;
  attachments: Array<{
    filename: string | null;
    contentType: string;
    size: number;
    contentId: string | null;
    inline: boolean;
  }>;
}

interface LocationRow {
  path: string;
  uid: number;
}

function locate(db: Db, messageId: number): LocationRow {
  const row = db
    .prepare<[number], LocationRow>(
      `SELECT mb.path, l.uid FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id
       WHERE l.message_id = ? AND l.uid > 0 ORDER BY mb.role = 'inbox' DESC LIMIT 1`,
    )
    .get(messageId);
  if (!row)
    throw new UserError('not-found', `message ${messageId} is not on the server (any more)`);
  return row;
}

/**
 * The full message, parsed with mailparser, when a user opens it: HTML with its inline `cid:`
 * images as data: URLs, and the list of attachments. The bulk sync never pays for this.
 */
export async function openMessage(
  db: Db,
  client: ImapFlow,
  messageId: number,
): Promise<OpenedMessage> {
  return parseMessage(await downloadMessage(db, client, messageId));
}

/** The message's RFC 5322 bytes, as its server has them. */
export async function downloadMessage(
  db: Db,
  client: ImapFlow,
  messageId: number,
): Promise<Buffer> {
  const { path, uid } = locate(db, messageId);
  const lock = await client.getMailboxLock(path, { description: 'switchboard open message' });
  try {
    const { content } = await client.download(String(uid), undefined, { uid: true });
    if (!content)
      throw new UserError('not-found', `message ${messageId} is not on the server (any more)`);
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    lock.release();
  }
}

/** A whole message's bytes read as `openMessage` tells them. */
export async function parseMessage(source: Buffer): Promise<OpenedMessage> {
  const parsed = await simpleParser(source, { skipTextLinks: true, skipImageLinks: true });
  let html = typeof parsed.html === 'string' ? parsed.html : null;
  for (const attachment of parsed.attachments) {
    if (html && attachment.cid) {
      const dataUrl = `data:${attachment.contentType};base64,${attachment.content.toString('base64')}`;
      html = html.split(`cid:${attachment.cid}`).join(dataUrl);
    }
  }
  return {
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html,
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      size: attachment.size,
      contentId: attachment.cid ?? null,
      inline: attachment.contentDisposition === 'inline' || Boolean(attachment.related),
    })),
  };
}

/**
 * Downloads one attachment (transfer encoding removed) into the content-addressed store, once;
 * later opens read the local file. Returns the file's path.
 */
export async function fetchAttachment(
  db: Db,
  client: ImapFlow,
  blobs: BlobStore,
  attachmentId: number,
): Promise<string> {
  const attachment = db
    .prepare<[number], { message_id: number; part: string; content_hash: string | null }>(
      'SELECT message_id, part, content_hash FROM attachments WHERE id = ?',
    )
    .get(attachmentId);
  if (!attachment) throw new UserError('not-found', `unknown attachment: ${attachmentId}`);
  if (attachment.content_hash && blobs.has(attachment.content_hash))
    return blobs.pathOf(attachment.content_hash);
  const { path, uid } = locate(db, attachment.message_id);
  const lock = await client.getMailboxLock(path, { description: 'switchboard attachment' });
  try {
    const { content } = await client.download(String(uid), attachment.part, {
      uid: true,
      decodeText: false,
    });
    if (!content)
      throw new UserError(
        'not-found',
        `attachment ${attachmentId} is not on the server (any more)`,
      );
    const { hash, size } = await blobs.put(content);
    db.prepare('UPDATE attachments SET content_hash = ?, size = ? WHERE id = ?').run(
      hash,
      size,
      attachmentId,
    );
    return blobs.pathOf(hash);
  } finally {
    lock.release();
  }
}
