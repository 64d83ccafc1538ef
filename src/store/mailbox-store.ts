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
  highest_modseq: number | null;
  message_count: number;
  last_synced_at: number | null;
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
  highestModseq: number | null;
  messageCount: number;
}

export class MailboxStore {
  constructor(private readonly db: Db) {}

  list(accountId: string): MailboxRow[] {
    return this.db
      .prepare<[string], MailboxRow>(
        `SELECT * FROM mailboxes WHERE account_id = ?
         ORDER BY CASE role WHEN 'inbox' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END, path`,
      )
      .all(accountId);
  }

  get(id: number): MailboxRow | undefined {
    return this.db.prepare<[number], MailboxRow>('SELECT * FROM mailboxes WHERE id = ?').get(id);
  }

  byPath(accountId: string, path: string): MailboxRow | undefined {
    return this.db
      .prepare<[string, string], MailboxRow>(
        'SELECT * FROM mailboxes WHERE account_id = ? AND path = ?',
      )
      .get(accountId, path);
  }

  byRole(accountId: string, role: MailboxRole): MailboxRow | undefined {
    return this.db
      .prepare<[string, string], MailboxRow>(
        'SELECT * FROM mailboxes WHERE account_id = ? AND role = ? ORDER BY path LIMIT 1',
      )
      .get(accountId, role);
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

  localUids(id: number, below?: number): number[] {
    const rows = this.db
      .prepare<[number, number], { uid: number }>(
        'SELECT uid FROM message_locations WHERE mailbox_id = ? AND uid > 0 AND uid < ? ORDER BY uid',
      )
      .all(id, below ?? Number.MAX_SAFE_INTEGER);
    return rows.map((row) => row.uid);
  }

  localFlags(id: number, below: number): Map<number, string> {
    const rows = this.db
      .prepare<[number, number], { uid: number; flags: string }>(
        'SELECT uid, flags FROM message_locations WHERE mailbox_id = ? AND uid > 0 AND uid < ?',
      )
      .all(id, below);
    return new Map(rows.map((row) => [row.uid, row.flags]));
  }
}
