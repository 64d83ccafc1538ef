import { hash } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { parseHeaderBlock, parseMessageIds } from '../mime/headers.js';
import { pickTextParts, type AttachmentMeta, type PartRef } from '../mime/text-part.js';
import { isReplySubject, normalizeSubject } from '../threading/subject.js';

export interface Address {
  name: string;
  address: string;
}

/** The header fields the bulk sync asks for (BODY.PEEK[HEADER.FIELDS (…)], RFC 3501 §6.4.5). */
export const THREADING_HEADER_FIELDS = [
  'message-id',
  'in-reply-to',
  'references',
  'subject',
  'from',
  'reply-to',
  'to',
  'cc',
  'date',
  'list-id',
] as const;

/** One message as the bulk sync sees it: header fields, flags and BODYSTRUCTURE, no body yet. */
export interface FetchedHeaders {
  uid: number;
  flags: ReadonlySet<string>;
  modseq: bigint | undefined;
  internalDate: Date | string | undefined;
  size: number | undefined;
  headers: Buffer | undefined;
  bodyStructure: unknown;
}

/**
 * What the cache stores of one message, read from its headers and BODYSTRUCTURE. Built on the
 * sync's thread and handed to the cache writer thread, so list-valued columns arrive already
 * serialized: strings cross a thread boundary far cheaper than object graphs, and the writer
 * thread (the bottleneck of an initial sync) does less.
 */
export interface MessageRecord {
  dedupeKey: string;
  messageId: string | null;
  inReplyTo: string | null;
  /** JSON array of the References ids, root first. */
  referencesJson: string;
  ancestry: string[];
  subject: string;
  normalizedSubject: string;
  replySubject: boolean;
  fromName: string;
  fromAddress: string;
  /** JSON arrays of {name, address}. */
  toJson: string;
  ccJson: string;
  /** Where replies go instead of From (RFC 5322 §3.6.2); `[]` when the message has none. */
  replyToJson: string;
  /** To and Cc addresses, for the guard of the threading subject fallback. */
  recipients: string[];
  participants: string;
  sentAt: number | null;
  receivedAt: number;
  size: number;
  listId: string | null;
  /** JSON of the PartRef of the text part to fetch, null when there is none. */
  textPartJson: string | null;
  /** Its body has an HTML version (alone or as an alternative): what `mail.message` reads. */
  hasHtml: boolean;
  attachments: AttachmentMeta[];
  hasAttachments: boolean;
  /** What could not be read, "; "-separated; null when nothing. */
  problems: string | null;
}

export function toMessageRecord(fetched: FetchedHeaders): MessageRecord {
  const problems: string[] = [];
  const headers = fetched.headers ? parseHeaderBlock(fetched.headers) : new Map<string, string[]>();
  const first = (name: string) => headers.get(name)?.[0]?.trim() ?? '';

  const messageId = parseMessageIds(first('message-id'))[0] ?? null;
  if (!messageId) problems.push('no Message-ID');
  const inReplyTo = parseMessageIds(first('in-reply-to')).at(-1) ?? null;
  const references = parseMessageIds((headers.get('references') ?? []).join(' '));
  // References lists the ancestry root first (RFC 5322 §3.6.4); In-Reply-To is the parent when a
  // client sends no References.
  const ancestry = [...references];
  if (inReplyTo && !ancestry.includes(inReplyTo)) ancestry.push(inReplyTo);

  const subject = first('subject');
  const from = parseAddresses(first('from'))[0] ?? { name: '', address: '' };
  if (!from.address) problems.push('no From address');
  const addressList = (name: string) => parseAddresses((headers.get(name) ?? []).join(', '));
  const to = addressList('to');
  const cc = addressList('cc');
  const sentAt = parseDate(first('date'));
  const receivedAt = toMillis(fetched.internalDate) ?? sentAt ?? 0;

  let textPart: PartRef | null = null;
  let hasHtml = false;
  let attachments: AttachmentMeta[] = [];
  let hasAttachments = false;
  if (fetched.bodyStructure && typeof fetched.bodyStructure === 'object') {
    try {
      const picked = pickTextParts(fetched.bodyStructure as Parameters<typeof pickTextParts>[0]);
      textPart = picked.text ?? picked.html ?? null;
      hasHtml = Boolean(picked.html);
      if (textPart?.part.endsWith('TEXT'))
        problems.push('multipart without boundary: body kept as raw text');
      attachments = picked.attachments;
      hasAttachments = picked.hasAttachments;
    } catch (error) {
      problems.push(`unreadable BODYSTRUCTURE: ${(error as Error).message}`);
    }
  } else {
    problems.push('no BODYSTRUCTURE');
  }

  const fingerprint = [sentAt ?? '', from.address.toLowerCase(), subject].join('\n');
  const dedupeKey = messageId
    ? `id:${messageId}:${digest(fingerprint)}`
    : `noid:${digest(`${fingerprint}\n${fetched.size ?? 0}`)}`;

  return {
    dedupeKey,
    messageId,
    inReplyTo,
    referencesJson: JSON.stringify(references),
    ancestry,
    subject,
    normalizedSubject: normalizeSubject(subject),
    replySubject: isReplySubject(subject),
    fromName: from.name,
    fromAddress: from.address,
    toJson: JSON.stringify(to),
    ccJson: JSON.stringify(cc),
    replyToJson: JSON.stringify(addressList('reply-to')),
    recipients: [...to, ...cc].map((entry) => entry.address),
    participants: [from, ...to, ...cc].map(formatAddress).filter(Boolean).join(', '),
    sentAt,
    receivedAt,
    size: fetched.size ?? 0,
    listId: first('list-id') || null,
    textPartJson: textPart ? JSON.stringify(textPart) : null,
    hasHtml,
    attachments,
    hasAttachments,
    problems: problems.length ? problems.join('; ') : null,
  };
}

/** Characters that make an address list more than the simple forms (RFC 5322 §3.4 specials). */
const SPECIAL_IN_NAME = /[<>()\\:;@"]/;
const SPECIAL_IN_ADDRESS = /[\s<>()\\:;,"]/;

export function parseAddresses(value: string): Address[] {
  if (!value.trim()) return [];
  const simple = parseSimpleAddresses(value);
  if (simple) return simple;
  try {
    return addressparser(value, { flatten: true })
      .map((entry) => ({ name: entry.name ?? '', address: (entry.address ?? '').trim() }))
      .filter((entry) => entry.address || entry.name);
  } catch {
    return [];
  }
}

/**
 * The address lists nearly all mail carries: `"Name" <a@b>`, `Name <a@b>` or `a@b`, comma
 * separated. Anything else (groups, comments, quoted commas or brackets, escapes) is left to
 * the full RFC 5322 parser, which took a third of the header pass.
 */
function parseSimpleAddresses(value: string): Address[] | undefined {
  const result: Address[] = [];
  for (const rawEntry of value.split(',')) {
    const entry = rawEntry.trim();
    if (entry === '') continue;
    let name = '';
    let address = entry;
    if (entry.endsWith('>')) {
      const open = entry.lastIndexOf('<');
      if (open === -1) return undefined;
      address = entry.slice(open + 1, -1);
      name = entry.slice(0, open).trim();
      if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
      // A quote left inside means a quoted comma was split, or an escape: not simple.
      if (SPECIAL_IN_NAME.test(name)) return undefined;
    }
    const at = address.indexOf('@');
    if (
      at <= 0 ||
      at === address.length - 1 ||
      address.indexOf('@', at + 1) !== -1 ||
      SPECIAL_IN_ADDRESS.test(address)
    ) {
      return undefined;
    }
    result.push({ name: name.trim(), address });
  }
  return result;
}

export function formatAddress(address: Address): string {
  if (!address.name) return address.address;
  return address.address ? `${address.name} <${address.address}>` : address.name;
}

function parseDate(value: string): number | null {
  if (!value) return null;
  const parsed = Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isFinite(parsed) ? parsed : null;
}

function toMillis(value: Date | string | undefined): number | null {
  if (value === undefined) return null;
  const millis = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(millis) ? millis : null;
}

function digest(text: string): string {
  return hash('sha1', text, 'hex').slice(0, 16);
}
