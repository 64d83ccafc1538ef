import type { ImapFlow } from 'imapflow';
import type { Account } from '../accounts/account-store.js';
import type { Db } from '../db/open-database.js';
import type { MailboxRole } from '../imap/special-use.js';
import type { MailboxStore } from '../store/mailbox-store.js';
import type { CacheWriter } from '../store/cache-writer.js';
import type { BulkSession } from './bulk-session.js';
import type { FolderFailures } from './folder-failures.js';
import type { KeyedMutex } from './keyed-mutex.js';

export interface SyncProgress {
  /** `checking`: a folder's turn begins (its `headers` follow only when it has new messages). */
  phase: 'folders' | 'checking' | 'headers' | 'bodies' | 'actions' | 'done';
  account: string;
  mailbox?: string;
  done?: number;
  total?: number;
}

/** Messages new to the cache, filed into one folder by one committed batch. */
export interface ReceivedMail {
  account: string;
  mailbox: string;
  role: MailboxRole | null;
  /** The folder's first sync: what it files is the folder's history, not mail that just came. */
  firstSync: boolean;
  conversationIds: string[];
  messages: number;
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
  /** The folders of this pass that failed on their own (their work goes through `isolate`). */
  failures: FolderFailures;
  onProgress?: (progress: SyncProgress) => void;
  /** Called after each committed batch with the conversations it changed. */
  onChange?: (conversationIds: string[]) => void;
  /** Called after each committed batch that brought messages new to the cache. */
  onReceived?: (received: ReceivedMail) => void;
}
