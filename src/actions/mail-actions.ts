import type { Db } from '../db/open-database.js';
import type { MailboxRole } from '../imap/special-use.js';
import { MailboxStore } from '../store/mailbox-store.js';
import { MessageWriter } from '../store/message-writer.js';
import { UserError } from '../errors.js';

/**
 * Local mail actions. Each is applied to the cache at once (the app works offline) and queued in
 * `pending_actions` in the same transaction; the queue writes them back to the IMAP server, which
 * is how other mail clients and teammates see them (action-queue.ts).
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

interface LocationRow {
  mailbox_id: number;
  uid: number;
  flags: string;
  path: string;
  role: MailboxRole | null;
  account_id: string;
}

export function applyMailAction(
  db: Db,
  target: { conversationId?: string; messageIds?: number[] },
  action: MailAction,
  options: { folder?: string } = {},
): number {
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
  const queue = (row: LocationRow, kind: string, payload: object) =>
    (
      enqueue.get(row.account_id, kind, row.path, row.uid, JSON.stringify(payload), Date.now()) as {
        id: number;
      }
    ).id;

  return db.transaction(() => {
    let count = 0;
    for (const row of locations) {
      if (action === 'read' || action === 'unread' || action === 'flag' || action === 'unflag') {
        const flag = action === 'read' || action === 'unread' ? '\\Seen' : '\\Flagged';
        const add = action === 'read' || action === 'flag';
        const flags = new Set(row.flags.split(' ').filter(Boolean));
        if (flags.has(flag) === add) continue;
        if (add) flags.add(flag);
        else flags.delete(flag);
        if (row.uid > 0) queue(row, 'flags', add ? { add: [flag] } : { remove: [flag] });
        writer.setFlags(row.mailbox_id, row.uid, flags);
        count += 1;
        continue;
      }
      const destination = resolveDestination(mailboxes, row, action, options.folder);
      if (destination === row.mailbox_id) continue;
      if (row.uid <= 0)
        throw new UserError(
          'invalid',
          'this message is still being moved; try again after the next sync',
        );
      if (destination === null) {
        queue(row, 'delete', {});
        writer.removeLocation(row.mailbox_id, row.uid);
      } else {
        const target = mailboxes.get(destination)!;
        const actionId = queue(row, 'move', { destination: target.path });
        // Until the server answers with the new UID (COPYUID, RFC 4315), the copy in the
        // destination is a placeholder keyed by the negative action id.
        relocate.run(destination, -actionId, row.mailbox_id, row.uid);
        writer.setFlags(destination, -actionId, row.flags.split(' ').filter(Boolean));
      }
      count += 1;
    }
    writer.flush();
    return count;
  })();
}

function resolveDestination(
  mailboxes: MailboxStore,
  row: LocationRow,
  action: MailAction,
  folder?: string,
): number | null {
  const byRole = (role: MailboxRole) => {
    const mailbox = mailboxes.byRole(row.account_id, role);
    if (!mailbox) throw new UserError('invalid', `this account has no ${role} folder`);
    return mailbox.id;
  };
  switch (action) {
    case 'archive':
      return row.role === 'inbox' ? byRole('archive') : row.mailbox_id;
    case 'trash':
      // Deleting from the Trash deletes for good; elsewhere it moves to the Trash.
      return row.role === 'trash' ? null : byRole('trash');
    case 'move': {
      if (!folder) throw new UserError('invalid', 'move needs a destination folder');
      const mailbox = mailboxes.byPath(row.account_id, folder);
      if (!mailbox) throw new UserError('invalid', `no such folder: ${folder}`);
      return mailbox.id;
    }
    default:
      return row.mailbox_id;
  }
}

function findLocations(
  db: Db,
  target: { conversationId?: string; messageIds?: number[] },
): LocationRow[] {
  const select = `SELECT l.mailbox_id, l.uid, l.flags, mb.path, mb.role, mb.account_id
    FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id JOIN messages m ON m.id = l.message_id`;
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
