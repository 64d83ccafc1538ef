import type { ImapFlow } from 'imapflow';
import type { Account } from '../accounts/account-store.js';
import type { Db } from '../db/open-database.js';
import type { MailboxStore } from '../store/mailbox-store.js';
import type { CacheWriter } from '../store/cache-writer.js';
import type { BulkSession } from './bulk-session.js';
import type { KeyedMutex } from './keyed-mutex.js';

export interface SyncProgress {
  phase: 'folders' | 'headers' | 'bodies' | 'actions' | 'done';
  account: string;
  mailbox?: string;
  done?: number;
  total?: number;
}

/** What one account's sync works with: a logged-in connection and the cache's writers. */
export interface SyncContext {
  db: Db;
  account: Account;
  client: ImapFlow;
  mailboxes: MailboxStore;
  /** All writes go here (possibly another thread); `mailboxes` is for reads only. */
  cache: CacheWriter;
  locks: KeyedMutex;
  /** A lean second connection for bulk fetches (headers, text parts). */
  bulk: BulkSession;
  onProgress?: (progress: SyncProgress) => void;
  /** Called after each committed batch with the conversations it changed. */
  onChange?: (conversationIds: string[]) => void;
}
