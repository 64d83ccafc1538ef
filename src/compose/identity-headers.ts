import { checkedAddresses } from './address-list.js';
import type { Address, SendingIdentity } from './compose-types.js';

export interface IdentityHeaders {
  from: Address;
  /** Only when sending on behalf: the agent who actually sent it. */
  sender: Address | null;
  /** MAIL FROM. */
  envelopeFrom: string;
}

/**
 * From, Sender and the envelope sender for an identity (RFC 5322 §3.6.2,
 * https://www.rfc-editor.org/rfc/rfc5322#section-3.6.2). Both modes write the shared mailbox
 * as From (`"Acme Support" <support@acme.example>`): that is who the customer answers. On behalf
 * adds `Sender:` the agent, "the mailbox of the agent responsible for the actual transmission".
 *
 * The envelope sender (MAIL FROM, RFC 5321 §4.1.1.2) is the mailbox's address in both modes:
 * bounces and delivery reports go to it (RFC 5321 §4.5.5), so the whole team sees them in the
 * shared inbox instead of one agent's private mail; it is the address the SMTP account logs in
 * as, which providers require; and SPF (RFC 7208) checks that address's domain, which is the
 * one whose servers the message leaves from.
 */
export function identityHeaders(identity: SendingIdentity): IdentityHeaders {
  const [mailbox] = checkedAddresses([identity.mailbox], 'identity.mailbox') as [Address];
  const [agent] = checkedAddresses([identity.agent], 'identity.agent') as [Address];
  return {
    from: mailbox,
    sender: identity.mode === 'on-behalf' ? agent : null,
    envelopeFrom: mailbox.address,
  };
}
