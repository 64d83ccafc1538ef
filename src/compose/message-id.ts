import { randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { UserError } from '../errors.js';

// id-left "@" id-right (RFC 5322 §3.6.4): no blanks, no brackets, one "@" with something on
// both sides. The outbox compares ids exactly, so nothing looser is accepted from a caller.
const MESSAGE_ID = /^[^\s<>@]+@[^\s<>@]+$/u;

/**
 * A new Message-ID, bare: 128 random bits (base64url) at the sending address's domain. RFC 5322
 * §3.6.4 (https://www.rfc-editor.org/rfc/rfc5322#section-3.6.4) wants it globally unique and
 * suggests a domain on the right of the "@": the mailbox's is the one it is sent from, and 128
 * random bits make a collision with any other id of that domain negligible without a clock or a
 * counter (which two teammates' apps would not share).
 */
export function newMessageId(sendingAddress: string): string {
  const domain = sendingAddress.slice(sendingAddress.lastIndexOf('@') + 1).toLowerCase();
  // An internationalized domain in its ASCII form: a Message-ID is an ASCII header.
  const asciiDomain = domainToASCII(domain) || domain;
  return `${randomBytes(16).toString('base64url')}@${asciiDomain}`;
}

/**
 * A Message-ID given by the caller (fixed when the message was queued), bare: kept exactly,
 * only the angle brackets it may come in removed. Anything that is not an id is refused.
 */
export function givenMessageId(id: string): string {
  const bare = id.startsWith('<') && id.endsWith('>') ? id.slice(1, -1) : id;
  if (!MESSAGE_ID.test(bare))
    throw new UserError('invalid', `"${id}" is not a Message-ID (local@domain)`, {
      field: 'messageId',
    });
  return bare;
}
