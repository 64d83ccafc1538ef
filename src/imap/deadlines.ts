/**
 * How long Switchboard waits on a mail server before it tells the user the server is not
 * answering. Every wait is bounded by what it waits for, never by the size of the work: a
 * 200 MB mailbox may take an hour to fetch, but while an answer is due the server must keep
 * sending bytes, so a stall is measured as silence, not as total time. A connection with nothing
 * to do is not silent by fault: it IDLEs and proves it is alive by restarting IDLE or sending
 * NOOP well inside the stall deadline.
 *
 * IMAP uses these (imapflow in connect.ts, the bulk connection in bulk/bulk-connection.ts).
 * SMTP (sending, still to come) is to use the same values for the same waits: its connect, TLS
 * handshake, 220 greeting and every reply are the same kinds of wait. RFC 5321 §4.5.3.2 suggests
 * minutes per command, but for relays that queue mail; an interactive client should tell its
 * user within a minute and leave the message in its outbox.
 */
export interface MailDeadlines {
  /**
   * TCP connect, and for imaps:// the TLS handshake too. A host that answers at all does so in
   * well under a second, even across the world; one that does not would otherwise make the OS
   * retry its SYN for about two minutes (Linux: tcp_syn_retries = 6) before saying anything.
   */
  connectMs: number;
  /**
   * From connected to the server's greeting ("* OK", RFC 3501 §7.1.1; SMTP's 220). Servers greet
   * at once; one that does not is hung, overloaded, or not speaking this protocol (a TLS port
   * waits for the client to speak first).
   */
  greetingMs: number;
  /**
   * No byte received while an answer is due (a command in flight, on either connection). Busy
   * servers still stream: Dovecot sends a progress line every few seconds during a long SEARCH,
   * and a big FETCH arrives as a steady stream, so 30 s of silence means the server is stuck, not
   * slow. Once stalled, the same server is not tried again in the same `sync --once`: a second
   * attempt would double the wait and almost always stall again.
   */
  stallMs: number;
  /**
   * A connection with nothing to do restarts its IDLE (RFC 2177 §3) this often, which the server
   * answers at once: it proves the connection alive well inside `stallMs`, so an idle connection
   * is never taken for a stalled one, and a dead one is found within a minute.
   */
  idleRestartMs: number;
  /**
   * After a plain connection got no greeting: how long a TLS handshake to the same port may take
   * to tell "this is a TLS port, use imaps://" from "the server is silent".
   */
  tlsProbeMs: number;
}

export const MAIL_DEADLINES: Readonly<MailDeadlines> = Object.freeze({
  connectMs: 10_000,
  greetingMs: 10_000,
  stallMs: 30_000,
  idleRestartMs: 25_000,
  tlsProbeMs: 3_000,
});

/** The defaults with some values replaced (tests shorten them). */
export function mailDeadlines(overrides: Partial<MailDeadlines> = {}): MailDeadlines {
  return { ...MAIL_DEADLINES, ...overrides };
}

/** "30 s" or "1.5 s", for messages. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
