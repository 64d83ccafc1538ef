import type { Address, OriginalMessage } from '../../compose/index.js';
import type { Db } from '../../db/open-database.js';
import { UserError } from '../../errors.js';

/** The message a reply or a forward is made from, with where it lives in the cache. */
export interface CachedOriginal extends OriginalMessage {
  /** The cache's row id (its attachments are found by it). */
  id: number;
  accountId: string;
}

interface Row {
  id: number;
  account_id: string;
  message_id: string | null;
  in_reply_to: string | null;
  references_json: string;
  subject: string;
  from_name: string;
  from_address: string;
  reply_to_json: string | null;
  to_json: string;
  cc_json: string;
  sent_at: number | null;
  received_at: number;
  body_text: string | null;
}

/**
 * The conversation's newest message, what a reply answers and a forward passes on (as Front and
 * Missive reply to the last message of a conversation): its headers and text as the cache keeps
 * them. A message cached before Reply-To was kept (migration 009) has none: a reply then goes
 * to its From.
 */
export function newestMessage(db: Db, conversationId: string): CachedOriginal {
  const row = db
    .prepare<[string], Row>(
      `SELECT id, account_id, message_id, in_reply_to, references_json, subject, from_name, from_address,
              reply_to_json, to_json, cc_json, sent_at, received_at, body_text
       FROM messages m
       WHERE conversation_id = ? AND EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id)
       ORDER BY received_at DESC, id DESC LIMIT 1`,
    )
    .get(conversationId);
  if (!row)
    throw new UserError('not-found', `conversation ${conversationId} has no message to answer`, {
      field: 'conversationId',
    });
  return {
    id: row.id,
    accountId: row.account_id,
    messageId: row.message_id,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.references_json) as string[],
    subject: row.subject,
    from: row.from_address ? { name: row.from_name || undefined, address: row.from_address } : null,
    replyTo: row.reply_to_json === null ? [] : addresses(row.reply_to_json),
    to: addresses(row.to_json),
    cc: addresses(row.cc_json),
    date: new Date(row.sent_at ?? row.received_at),
    text: row.body_text ?? '',
  };
}

/** Addresses as the cache keeps them (`[{name, address}]`), without empty names. */
function addresses(json: string): Address[] {
  return (JSON.parse(json) as Array<{ name?: string; address?: string }>)
    .filter((entry) => entry.address)
    .map((entry) => ({ ...(entry.name ? { name: entry.name } : {}), address: entry.address! }));
}
