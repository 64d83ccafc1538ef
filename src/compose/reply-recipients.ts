import { UserError } from '../errors.js';
import { addressKey, mergeAddresses } from './address-list.js';
import type { Address, OriginalMessage, SendingIdentity } from './compose-types.js';

export interface ReplyRecipients {
  to: Address[];
  cc: Address[];
}

/**
 * Who a reply goes to. A reply goes to the original's Reply-To when it names someone else than
 * the mailbox, else to its From (RFC 5322 §3.6.2,
 * https://www.rfc-editor.org/rfc/rfc5322#section-3.6.2: Reply-To names where the author wants
 * replies; a web form that mails the mailbox from itself puts the customer there). When the
 * original was sent from the shared mailbox itself, replying to it means writing again to the
 * people it went to (a follow-up), so the reply goes to its To, as Front and Missive do. A
 * reply-all adds the original's To and Cc, in Cc.
 *
 * The mailbox's own address is never a recipient (the reply would land in its own inbox as new
 * mail); a reply-all also leaves out the agent's own address (the agent sees the reply in the
 * conversation already). No address twice, compared case-insensitively, with the first display
 * name seen. When the To is left empty (the only sender was the agent) the Cc moves up; when
 * nobody is left at all, the send stops: a message must have a recipient.
 */
export function replyRecipients(
  original: OriginalMessage,
  identity: SendingIdentity,
  all: boolean,
): ReplyRecipients {
  const ours = [identity.mailbox.address, ...(all ? [identity.agent.address] : [])];
  const fromUs =
    original.from !== null &&
    addressKey(original.from.address) === addressKey(identity.mailbox.address);
  const replyTo = mergeAddresses([original.replyTo], [identity.mailbox.address]);
  const primary =
    replyTo.length > 0 ? replyTo : fromUs ? original.to : original.from ? [original.from] : [];
  // One merge over everything, so an address's first display name is kept wherever it was seen.
  const everyone = mergeAddresses(all ? [primary, original.to, original.cc] : [primary], ours);
  const primaryKeys = new Set(primary.map((a) => addressKey(a.address)));
  const to = everyone.filter((a) => primaryKeys.has(addressKey(a.address)));
  const cc = everyone.filter((a) => !primaryKeys.has(addressKey(a.address)));
  if (to.length > 0) return { to, cc };
  if (cc.length > 0) return { to: cc, cc: [] };
  throw new UserError(
    'invalid',
    `the reply has no recipient: the original names nobody but ${identity.mailbox.address}` +
      (all ? ` and ${identity.agent.address}` : ''),
    { field: 'to' },
  );
}
