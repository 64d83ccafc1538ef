/**
 * The plain data src/compose takes and gives: plain data in, plain data out. Message-ids are
 * bare, without angle brackets, as the cache keeps them (src/mime/headers.ts parseMessageIds);
 * the brackets are added when the header is written.
 */

/** A mailbox: an optional display name and an address (`local@domain`). */
export interface Address {
  name?: string;
  address: string;
}

/** A file sent with a message, or one carried over from a forwarded original. */
export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** What a reply or a forward is made from (the lead builds it from the cache's `messages` row). */
export interface OriginalMessage {
  /** Its Message-ID, bare; null when it had none. */
  messageId: string | null;
  /** Its In-Reply-To (one id, bare), null when it had none. */
  inReplyTo: string | null;
  /** Its References, oldest first, bare ids. */
  references: string[];
  subject: string;
  from: Address | null;
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  date: Date | null;
  /** The body's text as the cache keeps it. */
  text: string;
  /** Its attachments with their bytes: carried by a forward when given. */
  attachments?: OutgoingAttachment[];
}

/**
 * Who sends: the shared mailbox (whose address is the From, and the SMTP account) and the agent
 * at the keyboard. `send-as` shows only the mailbox; `on-behalf` adds the agent as Sender.
 */
export interface SendingIdentity {
  mailbox: Address;
  agent: Address;
  mode: 'send-as' | 'on-behalf';
}

/** A message ready for the outbox: its bytes and what the outbox and the UI need to know of it. */
export interface ComposedMessage {
  /** The whole RFC 5322 message, CRLF line ends, Bcc left out. */
  raw: Buffer;
  /** Bare; the `Message-ID:` header is `<messageId>`. */
  messageId: string;
  /** The SMTP envelope: MAIL FROM the mailbox's address; RCPT TO every To, Cc and Bcc address. */
  envelope: { from: string; to: string[] };
  subject: string;
  to: Address[];
  cc: Address[];
  /** Blind copies: in the envelope only, never in `raw`. */
  bcc: Address[];
  inReplyTo: string | null;
  references: string[];
}

/** What every kind of message takes besides its own fields. */
export interface CommonComposeInput {
  identity: SendingIdentity;
  /** The agent's text, plain (a canned response already rendered by renderCanned). */
  text: string;
  /** Placed after the text, behind the `-- ` separator; the caller picks the agent's or mailbox's. */
  signature?: string;
  /** Files the agent attaches. */
  attachments?: OutgoingAttachment[];
  bcc?: Address[];
  /** The `Date:` header: the caller's clock (nothing here reads one). */
  now: Date;
  /**
   * The Message-ID fixed when the message was queued, kept exactly (bare or in brackets); a new
   * one is made when absent.
   */
  messageId?: string;
  /** IANA time zone the quoted dates are shown in (`Europe/Paris`); UTC when absent. */
  timeZone?: string;
}
