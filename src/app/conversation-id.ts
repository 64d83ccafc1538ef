import type { Db } from '../db/open-database.js';
import { UserError } from '../errors.js';
import { resolveConversationId } from '../queries/conversation-queries.js';

/**
 * The conversation a call names (its id as `mail.conversations` and `mail.search` give it, or
 * an id it had before threading merged it into another), or `not-found` naming the field.
 */
export function requireConversation(
  db: Db,
  conversationId: string,
  field = 'conversationId',
): string {
  const id = resolveConversationId(db, conversationId);
  if (!id) throw new UserError('not-found', `unknown conversation: ${conversationId}`, { field });
  return id;
}
