import { parseMessageIds } from '../mime/headers.js';
import type { OriginalMessage } from './compose-types.js';

/**
 * The most ids a References field keeps: the first (the thread's root) and the 20 newest.
 * RFC 5322 lets the field grow with every reply; a long conversation would make it kilobytes
 * long. The root is what threading clients (ours in src/threading too) key a conversation on and
 * the newest ones are the parents that place the message in it; the middle of a long chain
 * adds nothing the parents do not already tell. 21 and "keep the first" are the Netnews rule
 * that mail clients follow (draft-ietf-usefor-article-07 §6.10, after "Son of 1036", RFC 1849);
 * Thunderbird and Gmail also keep the root when they trim.
 */
export const MAX_REFERENCES = 21;

export interface ReplyThreading {
  /** The original's Message-ID; null when it had none. */
  inReplyTo: string | null;
  /** Oldest first, at most MAX_REFERENCES, no id twice. */
  references: string[];
}

/**
 * In-Reply-To and References for a reply to `original` (RFC 5322 §3.6.4,
 * https://www.rfc-editor.org/rfc/rfc5322#section-3.6.4): In-Reply-To is the parent's Message-ID;
 * References is the parent's References, or when it has none its In-Reply-To if that holds a
 * single id, followed by the parent's Message-ID. A parent without a Message-ID gives no
 * In-Reply-To and References from what it has, so the reply still joins its ancestors.
 */
export function replyThreading(original: OriginalMessage): ReplyThreading {
  const parentIds = parseMessageIds(original.inReplyTo ?? undefined);
  const ancestors =
    original.references.length > 0 ? original.references : parentIds.length === 1 ? parentIds : [];
  const own = original.messageId ? bareMessageId(original.messageId) : null;
  // Each id once: a broken client may repeat an ancestor or list the message itself, and the
  // root must stay first and the parent last, where threading looks for them.
  const chain = new Set(ancestors.map(bareMessageId).filter((id) => id !== '' && id !== own));
  return {
    inReplyTo: own,
    references: boundedReferences(own ? [...chain, own] : [...chain]),
  };
}

/** An id without the angle brackets the cache already removes (tolerated when present). */
export function bareMessageId(id: string): string {
  return id.trim().replace(/^<(.*)>$/su, '$1');
}

/** Keeps the first id and the newest ones: see MAX_REFERENCES. */
function boundedReferences(ids: readonly string[]): string[] {
  if (ids.length <= MAX_REFERENCES) return [...ids];
  return [ids[0]!, ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}
