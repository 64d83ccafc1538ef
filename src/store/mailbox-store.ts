import type { Db } from '../db/open-database.js';
import type { MailboxRole } from '../imap/special-use.js';

export interface MailboxRow {
  id: number;
  account_id: string;
  path: string;
  name: string;
  delimiter: string | null;
  role: MailboxRole | null;
  uid_validity: number | null;
  uid_next: number;
  /** RFC 7162 mod-sequences are unsigned 63-bit: a bigint, exact where a number stops at 2^53. */
  highest_modseq: bigint | null;
  message_count: number;
  last_synced_at: number | null;
  /** Without CONDSTORE: when every flag of the folder was last compared with the server's. */
  flags_scanned_at: number | null;
  /** The server's UNSEEN (STATUS, RFC 3501 §6.3.10) at the last sync, null when not asked. */
  unseen_count: number | null;
  /** The last failure of this folder's sync, one line for a user (store/sync-errors.ts). */
  sync_error: string | null;
  /** When it failed; both are NULL once the folder syncs again. */
  sync_error_at: number | null;
}

export interface ServerMailbox {
  path: string;
  name: string;
  delimiter: string | null;
  role: MailboxRole | null;
}

export interface SyncState {
  uidValidity: number;
  uidNext: number;
  highestModseq: bigint | null;
  messageCount: number;
}

/** What a folder sync learnt of its flags without CONDSTORE (see folder-sync.ts). */
export interface FlagCheckState {
  /** Set when every flag was compared: when that comparison began. */
  scannedAt?: number | undefined;
  unseenCount: number | null;
}

/** Columns read as bigint (mod-sequences); every other integer column fits a number. */
const BIGINT_COLUMNS: ReadonlySet<string> = new Set(['highest_modseq']);

/** A row read with safeIntegers(), so that mod-sequences arrive exact, as a MailboxRow. */
function toMailboxRow(raw: Record<string, unknown>): MailboxRow {
  const row: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(raw))
    row[column] = typeof value === 'bigint' && !BIGINT_COLUMNS.has(column) ? Number(value) : value;
  return row as unknown as MailboxRow;
}

export class MailboxStore {
  constructor(private readonly db: Db) {}

  list(accountId: string): MailboxRow[] {
    return this.db
      .prepare<[string], Record<string, unknown>>(
        `SELECT * FROM mailboxes WHERE account_id = ?
         ORDER BY CASE role WHEN 'inbox' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END, path`,
      )
      .safeIntegers()
      .all(accountId)
      .map(toMailboxRow);
  }

  get(id: number): MailboxRow | undefined {
    return this.one('SELECT * FROM mailboxes WHERE id = ?', id);
  }

  byPath(accountId: string, path: string): MailboxRow | undefined {
    return this.one('SELECT * FROM mailboxes WHERE account_id = ? AND path = ?', accountId, path);
  }

  byRole(accountId: string, role: MailboxRole): MailboxRow | undefined {
    return this.one(
      'SELECT * FROM mailboxes WHERE account_id = ? AND role = ? ORDER BY path LIMIT 1',
      accountId,
      role,
    );
  }

  /** One row, read with safeIntegers() so that mod-sequences arrive exact (toMailboxRow). */
  private one(sql: string, ...params: unknown[]): MailboxRow | undefined {
    const row = this.db
      .prepare<unknown[], Record<string, unknown>>(sql)
      .safeIntegers()
      .get(...params);
    return row && toMailboxRow(row);
  }

  /**
   * Mirrors the server's folder list. Folders gone from the server are returned (not deleted):
   * their messages must be unfiled through the MessageWriter first.
   */
  reconcile(
    accountId: string,
    folders: ServerMailbox[],
  ): { current: MailboxRow[]; gone: MailboxRow[] } {
    const upsert = this.db.prepare(
      `INSERT INTO mailboxes (account_id, path, name, delimiter, role) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, path) DO UPDATE SET name = excluded.name, delimiter = excluded.delimiter, role = excluded.role`,
    );
    this.db.transaction(() => {
      for (const folder of folders)
        upsert.run(accountId, folder.path, folder.name, folder.delimiter, folder.role);
    })();
    const onServer = new Set(folders.map((folder) => folder.path));
    const all = this.list(accountId);
    return {
      current: all.filter((row) => onServer.has(row.path)),
      gone: all.filter((row) => !onServer.has(row.path)),
    };
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM mailboxes WHERE id = ?').run(id);
  }

  saveState(id: number, state: SyncState): void {
    this.db
      .prepare(
        `UPDATE mailboxes SET uid_validity = ?, uid_next = ?, highest_modseq = ?, message_count = ?, last_synced_at = ?
         WHERE id = ?`,
      )
      .run(
        state.uidValidity,
        state.uidNext,
        state.highestModseq,
        state.messageCount,
        Date.now(),
        id,
      );
  }

  /** Forgets the sync state after a UIDVALIDITY change (RFC 3501 §2.3.1.1): every UID is void. */
  resetState(id: number, uidValidity: number): void {
    this.db
      .prepare(
        'UPDATE mailboxes SET uid_validity = ?, uid_next = 1, highest_modseq = NULL, message_count = 0 WHERE id = ?',
      )
      .run(uidValidity, id);
  }

  /**
   * The UIDs of the folder's copies, ascending, from `from` and below `below`. Plucked: at
   * 400,000 copies a row object each took 300 ms of the event loop, the bare numbers 80.
   */
  localUids(id: number, below = Number.MAX_SAFE_INTEGER, from = 1): number[] {
    return this.db
      .prepare<[number, number, number], number>(
        'SELECT uid FROM message_locations WHERE mailbox_id = ? AND uid >= ? AND uid < ? ORDER BY uid',
      )
      .pluck()
      .all(id, Math.max(from, 1), below);
  }

  /** How many copies the folder has below `below` (11 ms at 400,000, against 80 to list them). */
  localCount(id: number, below = Number.MAX_SAFE_INTEGER): number {
    return this.db
      .prepare<[number, number], number>(
        'SELECT count(*) FROM message_locations WHERE mailbox_id = ? AND uid > 0 AND uid < ?',
      )
      .pluck()
      .get(id, below)!;
  }

  /** The folder's `limit` highest UIDs below `below`, ascending. */
  newestLocalUids(id: number, below: number, limit: number): number[] {
    return this.db
      .prepare<[number, number, number], number>(
        'SELECT uid FROM message_locations WHERE mailbox_id = ? AND uid > 0 AND uid < ? ORDER BY uid DESC LIMIT ?',
      )
      .pluck()
      .all(id, below, limit)
      .reverse();
  }

  localFlags(id: number, below: number): Map<number, string> {
    const rows = this.db
      .prepare<[number, number], { uid: number; flags: string }>(
        'SELECT uid, flags FROM message_locations WHERE mailbox_id = ? AND uid > 0 AND uid < ?',
      )
      .all(id, below);
    return new Map(rows.map((row) => [row.uid, row.flags]));
  }

  /** Records what a folder sync learnt of its flags (flags_scanned_at kept unless all were compared). */
  saveFlagCheck(id: number, state: FlagCheckState): void {
    this.db
      .prepare(
        'UPDATE mailboxes SET unseen_count = ?, flags_scanned_at = coalesce(?, flags_scanned_at) WHERE id = ?',
      )
      .run(state.unseenCount, state.scannedAt ?? null, id);
  }

  /** UIDs below `below` whose copy the cache holds as unread (no \Seen). */
  localUnseenUids(id: number, below: number): number[] {
    return this.db
      .prepare<[number, number], { uid: number }>(
        'SELECT uid FROM message_locations WHERE mailbox_id = ? AND uid > 0 AND uid < ? AND seen = 0 ORDER BY uid',
      )
      .all(id, below)
      .map((row) => row.uid);
  }
}
