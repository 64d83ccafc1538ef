import { UserError } from '../errors.js';
import { addressKey, isEmailAddress, namedAddress } from './address-list.js';
import type { Address } from './compose-types.js';

/** What a mailto: link asks for: a new message's fields, for the agent to go on with. */
export interface MailtoDraft {
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  body: string;
}

/** The header fields a link may set (RFC 6068 §3); any other is left out (§7: a link must not). */
const RECIPIENT_FIELDS = ['to', 'cc', 'bcc'] as const;
type RecipientField = (typeof RECIPIENT_FIELDS)[number];

/**
 * Reads a mailto: URI (https://www.rfc-editor.org/rfc/rfc6068): the addresses of its path and
 * of its `to` fields, then `cc`, `bcc`, `subject` and `body`, each percent-decoded as UTF-8
 * (§2; `+` is a plus, not a space). Field names are case-free; a repeated subject or body keeps
 * the first. The subject is one line (a line break would start another header); the body's line
 * breaks, written %0D%0A (§5), become the composer's. A link that is not mailto:, does not
 * decode, or names something that is not an address is refused with one line; nothing else of
 * it is kept then.
 */
export function parseMailto(uri: string): MailtoDraft {
  const match = /^mailto:([^?#]*)(?:\?([^#]*))?(?:#.*)?$/isu.exec(uri.trim());
  if (!match) throw new UserError('invalid', 'not a mailto: link', { field: 'mailto' });
  const draft: MailtoDraft = { to: [], cc: [], bcc: [], subject: '', body: '' };
  let subject: string | undefined;
  let body: string | undefined;
  addRecipients(draft, 'to', match[1]!);
  for (const field of (match[2] ?? '').split('&')) {
    if (field === '') continue;
    const equals = field.indexOf('=');
    const name = decoded(equals < 0 ? field : field.slice(0, equals)).toLowerCase();
    const value = equals < 0 ? '' : field.slice(equals + 1);
    if ((RECIPIENT_FIELDS as readonly string[]).includes(name))
      addRecipients(draft, name as RecipientField, value);
    else if (name === 'subject') subject ??= decoded(value);
    else if (name === 'body') body ??= decoded(value);
  }
  draft.subject = (subject ?? '').replace(/[\r\n]+/gu, ' ').trim();
  draft.body = (body ?? '').replace(/\r\n?/gu, '\n');
  return draft;
}

/** A field's comma-separated addresses (§2: each percent-encoded on its own), each once. */
function addRecipients(draft: MailtoDraft, field: RecipientField, raw: string): void {
  for (const part of raw.split(',')) {
    const text = decoded(part).trim();
    if (text === '') continue;
    const address = toAddress(text, field);
    const seen = [...draft.to, ...draft.cc, ...draft.bcc].some(
      (known) => addressKey(known.address) === addressKey(address.address),
    );
    if (!seen) draft[field].push(address);
  }
}

function toAddress(text: string, field: RecipientField): Address {
  const address = namedAddress(text);
  if (!isEmailAddress(address.address))
    throw new UserError('invalid', `mailto: ${field} "${text}" is not an email address`, {
      field: `mailto.${field}`,
    });
  return address;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new UserError('invalid', `mailto: "${text}" is not percent-encoded UTF-8`, {
      field: 'mailto',
    });
  }
}
