import type { Db } from '../db/open-database.js';
import { isReplySubject, normalizeSubject } from '../threading/subject.js';

interface MemberRow {
  id: number;
  subject: string;
  from_address: string;
  to_json: string;
  cc_json: string;
  received_at: number;
  has_attachments: number;
  thread_node: string;
  no_references: number;
  in_reply_to: string | null;
  unread: number;
}

/**
 * Keeps the `conversations` rows (what the inbox lists) in step with their messages. Recomputed
 * from the messages for each conversation a write touched, so it can never drift.
 */
export class ConversationSummaries {
  private readonly members;
  private readonly rootOf;
  private readonly upsert;
  private readonly remove;

  constructor(db: Db) {
    this.members = db.prepare<[string], MemberRow>(
      `SELECT m.id, m.subject, m.from_address, m.to_json, m.cc_json, m.received_at, m.has_attachments,
              m.thread_node, m.references_json = '[]' AS no_references, m.in_reply_to,
              EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id AND l.seen = 0) AS unread
       FROM messages m WHERE m.conversation_id = ?
         -- A message whose last copy was just expunged waits for collection; it is not listed.
         AND EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id)
       ORDER BY m.received_at, m.id`,
    );
    this.rootOf = db.prepare<[string], { node: string }>(
      'SELECT node FROM thread_nodes WHERE conversation_id = ? AND has_parent = 0 ORDER BY node LIMIT 1',
    );
    this.upsert = db.prepare(
      `INSERT INTO conversations (id, account_id, root_node, subject, normalized_subject, orphan_reply,
         message_count, unread_count, first_message_at, last_message_at, participants_json, has_attachments)
       SELECT ?, account_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM messages WHERE id = ?
       ON CONFLICT (id) DO UPDATE SET root_node = excluded.root_node, subject = excluded.subject,
         normalized_subject = excluded.normalized_subject, orphan_reply = excluded.orphan_reply,
         message_count = excluded.message_count, unread_count = excluded.unread_count,
         first_message_at = excluded.first_message_at, last_message_at = excluded.last_message_at,
         participants_json = excluded.participants_json, has_attachments = excluded.has_attachments`,
    );
    this.remove = db.prepare('DELETE FROM conversations WHERE id = ?');
  }

  refresh(conversationId: string): void {
    const members = this.members.all(conversationId);
    const first = members[0];
    if (!first) {
      this.remove.run(conversationId);
      return;
    }
    const root = this.rootOf.get(conversationId)?.node ?? first.thread_node;
    const rootMessage = members.find((member) => member.thread_node === root) ?? first;
    const participants = new Set<string>();
    for (const member of members)
      if (member.from_address) participants.add(member.from_address.toLowerCase());
    for (const member of members) {
      for (const list of [member.to_json, member.cc_json]) {
        for (const entry of JSON.parse(list) as Array<{ address: string }>) {
          if (entry.address) participants.add(entry.address.toLowerCase());
        }
      }
    }
    const orphanReply =
      rootMessage.no_references === 1 &&
      !rootMessage.in_reply_to &&
      isReplySubject(rootMessage.subject);
    this.upsert.run(
      conversationId,
      root,
      rootMessage.subject,
      normalizeSubject(rootMessage.subject),
      orphanReply ? 1 : 0,
      members.length,
      members.filter((member) => member.unread).length,
      first.received_at,
      members.at(-1)!.received_at,
      JSON.stringify([...participants]),
      members.some((member) => member.has_attachments) ? 1 : 0,
      first.id,
    );
  }
}
