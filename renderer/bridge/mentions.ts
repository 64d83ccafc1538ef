import type { ConversationListItem, SearchHit } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import { mentionsQuery } from '../model/view-filters.js';

/**
 * The conversations where a teammate's note mentions `me` (by their `@email`), at most `limit`:
 * found by searching the notes, as the contract has no mention filter for lists yet.
 */
export async function mentioningNotes(
  link: AppLink,
  me: string,
  limit: number,
): Promise<Array<Extract<SearchHit, { kind: 'note' }>>> {
  const found = await link.call('mail.search', { query: mentionsQuery(me), limit });
  const mine = me.toLowerCase();
  return found.hits.filter(
    (hit): hit is Extract<SearchHit, { kind: 'note' }> =>
      hit.kind === 'note' && hit.author.toLowerCase() !== mine,
  );
}

/** The Mentions view's list: the conversations of those notes, newest first. */
export async function mentionsList(
  link: AppLink,
  me: string,
  limit: number,
): Promise<ConversationListItem[]> {
  const ids = new Set((await mentioningNotes(link, me, limit)).map((hit) => hit.conversationId));
  if (ids.size === 0) return [];
  const all = await link.call('mail.conversations', { limit });
  return all.filter((item) => ids.has(item.id));
}
