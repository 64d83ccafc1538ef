import type { Db } from '../db/open-database.js';
import { withConventionalRoles } from '../imap/special-use.js';
import type { MessageRecord } from '../mail/message-record.js';
import { beginBulkLoad, endBulkLoad } from './bulk-load.js';
import {
  MailboxStore,
  type FlagCheckState,
  type MailboxRow,
  type ServerMailbox,
  type SyncState,
} from './mailbox-store.js';
import { MessageWriter, flagColumns } from './message-writer.js';
import { setSyncError, type SyncErrorTarget } from './sync-errors.js';

/**
 * Every write the sync makes to the cache, as plain data. Ops run in order, each in its own
 * transaction, either on the calling thread or in the cache writer thread (cache-writer.ts), so
 * IMAP parsing and SQLite/FTS5 work overlap on two cores.
 */
export type CacheOp =
  | {
      type: 'file';
      account: { id: string; email: string };
      mailboxId: number;
      messages: FiledMessage[];
    }
  | { type: 'flags'; mailboxId: number; updates: FlagUpdate[]; onlyIfDifferent: boolean }
  | { type: 'remove'; mailboxId: number; uids: number[] | 'all' }
  | { type: 'bodies'; results: BodyResult[] }
  | { type: 'bulk-load'; active: boolean }
  | { type: 'collect'; accountId: string }
  | { type: 'reconcile'; accountId: string; folders: ServerMailbox[] }
  | { type: 'drop-mailbox'; mailboxId: number }
  | { type: 'reset-state'; mailboxId: number; uidValidity: number }
  | {
      type: 'save-state';
      mailboxId: number;
      state: Omit<SyncState, 'messageCount'>;
      flags: FlagCheckState;
    }
  | {
      type: 'action-done';
      actionId: number;
      moved?: { accountId: string; destination: string; uid: number };
    }
  | { type: 'action-failed'; actionId: number; error: string; maxAttempts: number }
  /** A folder's or an account's last sync failure, or null once it synced again. */
  | { type: 'sync-error'; target: SyncErrorTarget; error: string | null };

/** A fetched copy and what was read from its headers (parsed by the sender, off the writer thread). */
export interface FiledMessage {
  fetched: { uid: number; flags: readonly string[]; modseq: bigint | undefined };
  record: MessageRecord;
}

export interface FlagUpdate {
  uid: number;
  flags: string[];
  modseq?: bigint | undefined;
}

export interface BodyResult {
  id: number;
  text: string;
  problem?: string | undefined;
  state: 'done' | 'error';
}

export interface OpValues {
  file: number;
  flags: number;
  remove: number;
  bodies: number;
  'bulk-load': boolean;
  collect: number;
  reconcile: { current: MailboxRow[]; gone: MailboxRow[] };
  'drop-mailbox': number;
  'reset-state': number;
  'save-state': number;
  'action-done': number;
  'action-failed': number;
  'sync-error': number;
}

export interface OpResult<T extends CacheOp['type']> {
  value: OpValues[T];
  /** Conversations whose summary this op changed. */
  changed: string[];
  /** Messages this op brought that are new to the cache (`file` only), and their conversations. */
  received?: { conversationIds: string[]; messages: number };
}

/** The cache a set of ops writes to: one connection and its statements. */
export class CacheTarget {
  readonly writer: MessageWriter;
  readonly mailboxes: MailboxStore;

  constructor(readonly db: Db) {
    this.writer = new MessageWriter(db);
    this.mailboxes = new MailboxStore(db);
  }

  execute<T extends CacheOp>(op: T): OpResult<T['type']> {
    try {
      return this.db.transaction(() => {
        const value = this.apply(op);
        const changed = this.writer.flush();
        const received = this.writer.takeReceived();
        return {
          value,
          changed,
          ...(received.messages > 0 ? { received } : {}),
        } as OpResult<T['type']>;
      })();
    } catch (error) {
      this.writer.reset();
      throw error;
    }
  }

  private apply(op: CacheOp): OpValues[CacheOp['type']] {
    const { writer, mailboxes, db } = this;
    switch (op.type) {
      case 'file':
        for (const message of op.messages)
          writer.addLocation(op.account, op.mailboxId, message.fetched, message.record);
        return op.messages.length;
      case 'flags': {
        const local = op.onlyIfDifferent
          ? mailboxes.localFlags(op.mailboxId, Number.MAX_SAFE_INTEGER)
          : null;
        let changed = 0;
        for (const update of op.updates) {
          if (local && local.get(update.uid) === flagColumns(update.flags).flags) continue;
          if (writer.setFlags(op.mailboxId, update.uid, update.flags, update.modseq)) changed += 1;
        }
        return changed;
      }
      case 'remove': {
        const uids = op.uids === 'all' ? mailboxes.localUids(op.mailboxId) : op.uids;
        for (const uid of uids) writer.removeLocation(op.mailboxId, uid);
        return uids.length;
      }
      case 'bodies':
        writer.storeBodies(op.results);
        return op.results.length;
      case 'bulk-load':
        if (!op.active) return endBulkLoad(db);
        beginBulkLoad(db);
        return true;
      case 'collect':
        return writer.collect(op.accountId);
      case 'reconcile':
        return mailboxes.reconcile(op.accountId, withConventionalRoles(op.folders));
      case 'drop-mailbox': {
        const uids = mailboxes.localUids(op.mailboxId);
        for (const uid of uids) writer.removeLocation(op.mailboxId, uid);
        mailboxes.remove(op.mailboxId);
        return uids.length;
      }
      case 'reset-state': {
        const uids = mailboxes.localUids(op.mailboxId);
        for (const uid of uids) writer.removeLocation(op.mailboxId, uid);
        mailboxes.resetState(op.mailboxId, op.uidValidity);
        return uids.length;
      }
      case 'save-state':
        mailboxes.saveState(op.mailboxId, {
          ...op.state,
          messageCount: mailboxes.localCount(op.mailboxId),
        });
        mailboxes.saveFlagCheck(op.mailboxId, op.flags);
        return 1;
      case 'action-done':
        if (op.moved) {
          // The placeholder copy becomes the real one (UPDATE OR IGNORE: the destination's
          // sync may have filed it already), and any leftover placeholder goes.
          db.prepare(
            `UPDATE OR IGNORE message_locations SET uid = ?
             WHERE uid = ? AND mailbox_id = (SELECT id FROM mailboxes WHERE account_id = ? AND path = ?)`,
          ).run(op.moved.uid, -op.actionId, op.moved.accountId, op.moved.destination);
        }
        db.prepare('DELETE FROM message_locations WHERE uid = ?').run(-op.actionId);
        return db.prepare('DELETE FROM pending_actions WHERE id = ?').run(op.actionId).changes;
      case 'action-failed': {
        const row = db
          .prepare<[string, number], { attempts: number }>(
            'UPDATE pending_actions SET attempts = attempts + 1, last_error = ? WHERE id = ? RETURNING attempts',
          )
          .get(op.error, op.actionId);
        if (row && row.attempts >= op.maxAttempts) {
          // Given up: a moved message goes back where it was (and still is, on the server)
          // rather than vanish from the cache; that folder's next sync sees what really is there.
          const action = db
            .prepare<[number], { account_id: string; mailbox_path: string; uid: number }>(
              'SELECT account_id, mailbox_path, uid FROM pending_actions WHERE id = ?',
            )
            .get(op.actionId)!;
          const source = mailboxes.byPath(action.account_id, action.mailbox_path);
          if (source)
            db.prepare(
              'UPDATE OR IGNORE message_locations SET mailbox_id = ?, uid = ? WHERE uid = ?',
            ).run(source.id, action.uid, -op.actionId);
          db.prepare('DELETE FROM message_locations WHERE uid = ?').run(-op.actionId);
          db.prepare('DELETE FROM pending_actions WHERE id = ?').run(op.actionId);
        }
        return row?.attempts ?? 0;
      }
      case 'sync-error':
        return setSyncError(db, op.target, op.error);
    }
  }
}
