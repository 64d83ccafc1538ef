import { readFileSync } from 'node:fs';
import { getAccount } from '../accounts/account-store.js';
import type { Db } from '../db/open-database.js';
import { UserError } from '../errors.js';
import type { BlobStore } from '../files/blob-store.js';
import { safeFileName } from '../files/safe-file-name.js';
import { fetchAttachment } from '../mail/open-message.js';
import type { AppContext } from './app-context.js';

export interface AttachmentBytes {
  /** Safe to use as a file name (src/files/safe-file-name.ts). */
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * An attachment's bytes: from the data directory's store when fetched before (offline, no
 * connection at all), else fetched from its account's server into the store. What
 * `mail.attachment` answers and a forward carries.
 */
export async function attachmentBytes(
  app: AppContext,
  attachmentId: number,
  field = 'attachmentId',
): Promise<AttachmentBytes> {
  const db = app.db();
  const row = db
    .prepare<
      [number],
      {
        filename: string | null;
        content_type: string;
        content_hash: string | null;
        account_id: string;
      }
    >(
      `SELECT a.filename, a.content_type, a.content_hash, m.account_id FROM attachments a
       JOIN messages m ON m.id = a.message_id WHERE a.id = ?`,
    )
    .get(attachmentId);
  if (!row) throw new UserError('not-found', `unknown attachment: ${attachmentId}`, { field });
  const blobs = app.blobs();
  const file =
    row.content_hash && blobs.has(row.content_hash)
      ? blobs.pathOf(row.content_hash)
      : await download(app, db, blobs, row.account_id, attachmentId);
  return {
    filename: safeFileName(row.filename ?? '', { contentType: row.content_type }),
    contentType: row.content_type,
    content: readFileSync(file),
  };
}

/**
 * Fetches an attachment from its account's server into the store (over the app's kept
 * connection); returns its file.
 */
async function download(
  app: AppContext,
  db: Db,
  blobs: BlobStore,
  accountId: string,
  attachmentId: number,
): Promise<string> {
  return app.imap.use(getAccount(db, accountId), (client) =>
    fetchAttachment(db, client, blobs, attachmentId),
  );
}
