/**
 * Subject normalization for the guarded subject fallback of threading (RFC 5256 §2.1 "base
 * subject", extended with the reply/forward prefixes of common non-English clients).
 */

// Re, Fwd and their localized forms, optionally counted ("Re[2]:", "Re(3):").
const PREFIX =
  /^\s*(?:re|fwd?|aw|wg|sv|vs|antw|r[ée]f|tr|rv|odp|enc|ynt|vl|atb|res|回复|答复|转发)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/iu;
const REPLY_PREFIX =
  /^\s*(?:re|aw|sv|vs|antw|r[ée]f|odp|ynt|vl|atb|res|回复|答复)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]/iu;
// A leading "[list-name]" tag (mailing lists), but not a ticket marker like "[Ticket #123]":
// the number is what tells two tickets of the same title apart.
const LIST_TAG = /^\s*\[[^\]#\d]+\]\s*/u;
const TRAILER = /\s*\((?:fwd|fw)\)\s*$/iu;

export function normalizeSubject(subject: string): string {
  let current = subject.normalize('NFC');
  for (;;) {
    const next = current.replace(PREFIX, '').replace(LIST_TAG, '').replace(TRAILER, '');
    if (next === current) break;
    current = next;
  }
  return current.replace(/\s+/gu, ' ').trim().toLowerCase();
}

export function isReplySubject(subject: string): boolean {
  return REPLY_PREFIX.test(subject.replace(LIST_TAG, ''));
}

// Subjects too generic to join conversations on: the fallback would merge strangers' mail.
const GENERIC = new Set([
  'hello',
  'hi',
  'hey',
  'question',
  'questions',
  'help',
  'thanks',
  'thank you',
  'test',
  'info',
  'information',
  'update',
  'invoice',
  'order',
  'request',
  'inquiry',
  'enquiry',
  'meeting',
  'follow up',
  'follow-up',
  'urgent',
  'issue',
  'problem',
  'support',
  'feedback',
  'contact',
  'your order',
  'no subject',
  '(no subject)',
  'fyi',
  'hallo',
  'bonjour',
  'hola',
]);

/** True when a subject carries enough meaning to group replies that lack threading headers. */
export function isDistinctiveSubject(normalized: string): boolean {
  if (normalized.length < 8 || GENERIC.has(normalized)) return false;
  return /\p{L}/u.test(normalized);
}
