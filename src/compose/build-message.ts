import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { UserError } from '../errors.js';
import { checkedAddresses, mergeAddresses } from './address-list.js';
import type {
  Address,
  CommonComposeInput,
  ComposedMessage,
  OutgoingAttachment,
} from './compose-types.js';
import { identityHeaders } from './identity-headers.js';
import { htmlBody, plainBody } from './message-body.js';
import { givenMessageId, newMessageId } from './message-id.js';
import type { History } from './quoted-history.js';

type MailComposerOptions = ConstructorParameters<typeof MailComposer>[0];

/** What each kind of message (reply, forward, new) decides; the rest is the caller's input. */
export interface MessageSpecifics {
  to: Address[];
  cc: Address[];
  subject: string;
  history?: History;
  /** Files the message carries besides the agent's (a forwarded original's). */
  carriedAttachments?: OutgoingAttachment[];
  inReplyTo: string | null;
  references: string[];
}

/**
 * The message as bytes, built by nodemailer's MailComposer: multipart/alternative (plain text and
 * HTML) inside multipart/mixed when there are attachments; non-ASCII names and subjects as RFC
 * 2047 encoded-words (https://www.rfc-editor.org/rfc/rfc2047). Everything time- or
 * chance-dependent comes in: the Date is `now`, the Message-ID the one given (or a new one made
 * once, here, and returned, so the outbox keeps it across retries).
 *
 * Bcc is never written: MailComposer leaves the Bcc header out unless told to keep it (RFC 5322
 * §3.6.3 lets a sender drop it, and a header any recipient can read would disclose the blind
 * copies); its addresses reach the server through the envelope only.
 */
export async function buildMessage(
  input: CommonComposeInput,
  message: MessageSpecifics,
): Promise<ComposedMessage> {
  if (Number.isNaN(input.now.getTime())) throw new TypeError('compose: `now` is not a valid date');
  const identity = identityHeaders(input.identity);
  const messageId =
    input.messageId === undefined
      ? newMessageId(identity.envelopeFrom)
      : givenMessageId(input.messageId);
  const recipients = [...message.to, ...message.cc];
  const bcc = mergeAddresses(
    [checkedAddresses(input.bcc ?? [], 'bcc')],
    recipients.map((a) => a.address),
  );
  const body = { text: input.text, signature: input.signature, history: message.history };
  const attachments = [...(message.carriedAttachments ?? []), ...(input.attachments ?? [])];
  // `newline` is read by MailComposer but missing from its type.
  const options: MailComposerOptions & { newline: 'windows' } = {
    from: identity.from,
    ...(identity.sender ? { sender: identity.sender } : {}),
    to: message.to,
    ...(message.cc.length > 0 ? { cc: message.cc } : {}),
    subject: message.subject,
    date: input.now,
    messageId: `<${messageId}>`,
    ...(message.inReplyTo ? { inReplyTo: `<${message.inReplyTo}>` } : {}),
    ...(message.references.length > 0
      ? { references: message.references.map((id) => `<${id}>`) }
      : {}),
    text: plainBody(body),
    html: htmlBody(body),
    attachments: attachments.map(checkedAttachment),
    // CRLF everywhere (RFC 5322 §2.3: CR and LF only together), whatever the text came with:
    // MailComposer otherwise writes a body's line ends as given.
    newline: 'windows',
    // Attachments are bytes given here; nothing may make the composer read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  const raw = await new MailComposer(options).compile().build();
  return {
    raw,
    messageId,
    envelope: {
      from: identity.envelopeFrom,
      to: mergeAddresses([recipients, bcc]).map((a) => a.address),
    },
    subject: message.subject,
    to: message.to,
    cc: message.cc,
    bcc,
    inReplyTo: message.inReplyTo,
    references: message.references,
  };
}

function checkedAttachment(attachment: OutgoingAttachment) {
  const filename = attachment.filename.replace(/[\r\n]+/gu, ' ').trim();
  if (filename === '')
    throw new UserError('invalid', 'an attachment has no file name', { field: 'attachments' });
  return {
    filename,
    contentType: attachment.contentType,
    content: attachment.content,
    contentDisposition: 'attachment' as const,
  };
}
