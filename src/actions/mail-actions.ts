import type { AccountTransport } from '../accounts/account-store.js';
import type { Db } from '../db/open-database.js';
import {
  isCreatableRole,
  newFolder,
  type CreatableRole,
  type MailboxRole,
} from '../imap/special-use.js';
import { MailboxStore, type MailboxRow } from '../store/mailbox-store.js';
import type { ActionPayload } from './action-queue.js';
import { MessageWriter } from '../store/message-writer.js';
import { UserError } from '../errors.js';

/**
 * Local mail actions. Each is applied to the cache at once (the app works offline) and queued in
 * `pending_actions` in the same transaction; the queue writes them back to the IMAP server, which
 * is how other mail clients and teammates see them (action-queue.ts). A local account (transport
 * `local`, no server) queues nothing: the cache is its mailbox, and the action is final here.
 */
export const MAIL_ACTIONS = [
  'read',
  'unread',
  'flag',
  'unflag',
  'archive',
  'trash',
  'move',
] as const;
export type MailAction = (typeof MAIL_ACTIONS)[number];

/** What an action did to the copies of the messages it was applied to. */
export interface MailActionResult {
  /** Copies changed in the cache and queued for the server. */
  updated: number;
  /** Copies that already were as asked (already read, already in that folder): nothing queued. */
  unchanged: number;
}

interface LocationRow {
  mailbox_id: number;
  uid: number;
  flags: string;
  path: string;
  role: MailboxRole | null;
  account_id: string;
  transport: AccountTransport;
}

export function applyMailAction(
  db: Db,
  target: { conversationId?: string; messageIds?: number[] },
  action: MailAction,
  options: { folder?: string } = {},
): MailActionResult {
  const mailboxes = new MailboxStore(db);
  const writer = new MessageWriter(db);
  const locations = findLocations(db, target);
  if (locations.length === 0)
    throw new UserError('not-found', 'nothing to act on: no such conversation or message');
  const enqueue = db.prepare(
    `INSERT INTO pending_actions (account_id, kind, mailbox_path, uid, payload_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const relocate = db.prepare(
    'UPDATE message_locations SET mailbox_id = ?, uid = ? WHERE mailbox_id = ? AND uid = ?',
  );
  const queue = (row: LocationRow, kind: string, payload: ActionPayload) =>
    (
      enqueue.get(row.account_id, kind, row.path, row.uid, JSON.stringify(payload), Date.now()) as {
        id: number;
      }
    ).id;
  // A local mailbox numbers what is moved into it itself, as a server would (RFC 3501 §2.3.1.1:
  // UIDs ascend), so the copy is final at once instead of a placeholder awaiting the server's.
  const takeUid = db
    .prepare<[number], number>(
      'UPDATE mailboxes SET uid_next = uid_next + 1 WHERE id = ? RETURNING uid_next - 1',
    )
    .pluck();

  return db.transaction(() => {
    const result: MailActionResult = { updated: 0, unchanged: 0 };
    for (const row of locations) {
      if (action === 'read' || action === 'unread' || action === 'flag' || action === 'unflag') {
        const flag = action === 'read' || action === 'unread' ? '\\Seen' : '\\Flagged';
        const add = action === 'read' || action === 'flag';
        const flags = new Set(row.flags.split(' ').filter(Boolean));
        if (flags.has(flag) === add) {
          result.unchanged += 1;
          continue;
        }
        if (add) flags.add(flag);
        else flags.delete(flag);
        if (row.uid > 0 && row.transport !== 'local')
          queue(row, 'flags', add ? { add: [flag] } : { remove: [flag] });
        writer.setFlags(row.mailbox_id, row.uid, flags);
        result.updated += 1;
        continue;
      }
      const destination = resolveDestination(db, mailboxes, row, action, options.folder);
      if (destination === row.mailbox_id) {
        result.unchanged += 1;
        continue;
      }
      if (row.uid <= 0)
        throw new UserError(
          'invalid',
          'this message is still being moved; try again after the next sync',
        );
      if (row.transport === 'local') {
        moveLocally(row, destination);
      } else if (destination === null) {
        queue(row, 'delete', {});
        writer.removeLocation(row.mailbox_id, row.uid);
      } else {
        const target = mailboxes.get(destination)!;
        const actionId = queue(row, 'move', {
          destination: target.path,
          // Not seen on the server yet: possibly made up here (folderFor); created if need be.
          ...(target.uid_validity === null && isCreatableRole(target.role)
            ? { create: target.role }
            : {}),
        });
        // Until the server answers with the new UID (COPYUID, RFC 4315), the copy in the
        // destination is a placeholder keyed by the negative action id.
        relocate.run(destination, -actionId, row.mailbox_id, row.uid);
        writer.setFlags(destination, -actionId, row.flags.split(' ').filter(Boolean));
      }
      result.updated += 1;
    }
    writer.flush();
    return result;
  })();

  /** A local account's move or delete, final at once: what the server and the next sync would do. */
  function moveLocally(row: LocationRow, destination: number | null): void {
    if (destination === null) {
      writer.removeLocation(row.mailbox_id, row.uid);
      // Its last copy gone, the message goes too (the sync's `collect`, run here).
      writer.collect(row.account_id);
      return;
    }
    const uid = takeUid.get(destination)!;
    relocate.run(destination, uid, row.mailbox_id, row.uid);
    writer.setFlags(destination, uid, row.flags.split(' ').filter(Boolean));
  }
}

function resolveDestination(
  db: Db,
  mailboxes: MailboxStore,
  row: LocationRow,
  action: MailAction,
  folder?: string,
): number | null {
  switch (action) {
    case 'archive':
      return row.role === 'inbox'
        ? folderFor(db, mailboxes, row.account_id, 'archive').id
        : row.mailbox_id;
    case 'trash':
      // Deleting from the Trash deletes for good; elsewhere it moves to the Trash.
      return row.role === 'trash' ? null : folderFor(db, mailboxes, row.account_id, 'trash').id;
    case 'move': {
      if (!folder)
        throw new UserError('invalid', 'move needs a destination folder', { field: 'folder' });
      const mailbox = mailboxes.byPath(row.account_id, folder);
      if (!mailbox)
        throw new UserError('invalid', `no such folder: ${folder}`, { field: 'folder' });
      return mailbox.id;
    }
    default:
      return row.mailbox_id;
  }
}

/**
 * The account's folder for `role`. An account without one (a server without special-use folders:
 * RFC 6154 makes them optional) gets one in the cache at once, so the action shows offline too,
 * under the name the next sync creates it with on the server (action-queue.ts), which then
 * recognises it by its special-use attribute or that name (special-use.ts).
 */
function folderFor(
  db: Db,
  mailboxes: MailboxStore,
  accountId: string,
  role: CreatableRole,
): MailboxRow {
  const existing = mailboxes.byRole(accountId, role);
  if (existing) return existing;
  const { path, name } = newFolder(mailboxes.list(accountId), role);
  // A folder of that name without the role (DO NOTHING) is used as it is.
  db.prepare(
    `INSERT INTO mailboxes (account_id, path, name, role) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id, path) DO NOTHING`,
  ).run(accountId, path, name, role);
  return mailboxes.byPath(accountId, path)!;
}

function findLocations(
  db: Db,
  target: { conversationId?: string; messageIds?: number[] },
): LocationRow[] {
  const select = `SELECT l.mailbox_id, l.uid, l.flags, mb.path, mb.role, mb.account_id, a.transport
    FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id JOIN messages m ON m.id = l.message_id
    JOIN accounts a ON a.id = mb.account_id`;
  if (target.messageIds) {
    const statement = db.prepare<[number], LocationRow>(`${select} WHERE m.id = ?`);
    return target.messageIds.flatMap((id) => statement.all(id));
  }
  if (target.conversationId) {
    return db
      .prepare<[string], LocationRow>(
        `${select} WHERE m.conversation_id = ? ORDER BY l.mailbox_id, l.uid`,
      )
      .all(target.conversationId);
  }
  return [];
}
