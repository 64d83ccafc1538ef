import type { ServerEndpoint } from '../accounts/server-url.js';
import {
  connectTimedOut,
  describeTransportError,
  MailConnectionError,
  noGreeting,
  stalled,
  theServer,
} from '../imap/connection-errors.js';
import type { MailDeadlines } from '../imap/deadlines.js';
import { NodemailerChanged } from './nodemailer-internals.js';
import { parseReply, replyOf } from './smtp-reply.js';

/** How far the connection got when it failed: which wait a timeout was. */
export interface SmtpProgress {
  /** TCP (and for smtps:// TLS) is up. */
  connected: boolean;
  /** The server said anything at all (its 220 greeting first). */
  greeted: boolean;
  /** "opening the session", "sending the envelope": what a stall interrupted. */
  doing: string;
  /**
   * The last reply read. A refused XOAUTH2 token ends with the server's 535 read, then
   * nodemailer's own "cannot create a new access token" error, which does not carry it.
   */
  lastReply?: string | false;
}

/**
 * A failure talking to an SMTP server (nodemailer's errors, with the system's own codes kept:
 * see nodemailer-internals.ts), in one line a user can act on; undefined for anything that is not
 * the server's or the network's doing (a bug), which is reported as it is.
 */
export function describeSmtpFailure(
  error: unknown,
  endpoint: ServerEndpoint,
  deadlines: MailDeadlines,
  progress: SmtpProgress,
): MailConnectionError | undefined {
  if (error instanceof MailConnectionError) return error;
  if (error instanceof NodemailerChanged) return undefined;
  const err = (error ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  if (!code) return undefined;
  const server = theServer(endpoint);
  const reply =
    replyOf(error) ??
    (code === 'EAUTH' && progress.lastReply ? parseReply(progress.lastReply) : undefined);
  const said = reply ? `: the server said "${reply.line}"` : '';
  const cause = { cause: error };
  if (code === 'EAUTH')
    return new MailConnectionError(
      `authentication failed for ${endpoint.user} at ${server}${said}`,
      'auth',
      reply !== undefined && reply.code < 500,
      cause,
    );
  const transport = describeTransportError(error, endpoint, endpoint.secure);
  if (transport) return transport;
  if (code === 'ETIMEDOUT') {
    if (!progress.connected) return connectTimedOut(endpoint, deadlines.connectMs, error);
    if (!progress.greeted)
      return noGreeting(endpoint, deadlines.greetingMs, endpoint.secure, error);
    return stalled(endpoint, progress.doing, deadlines.stallMs, error);
  }
  if (code === 'ETLS')
    return new MailConnectionError(
      reply
        ? `${server} refused STARTTLS${endpoint.requireStartTls ? ', which this account requires (?starttls=true)' : ''}${said}`
        : `TLS failure talking to ${server}: ${firstLine(err.message)}`,
      'tls',
      false,
      cause,
    );
  if (reply)
    return new MailConnectionError(
      `${server} refused ${progress.doing}${said}`,
      'protocol',
      reply.code < 500,
      cause,
    );
  if (code === 'ECONNECTION')
    return new MailConnectionError(
      `the connection to ${server} was closed while ${progress.doing}`,
      'unreachable',
      true,
      cause,
    );
  return new MailConnectionError(
    `${server} failed while ${progress.doing}: ${firstLine(err.message)}`,
    'protocol',
    true,
    cause,
  );
}

function firstLine(message: unknown): string {
  return (typeof message === 'string' ? message : '').split('\n')[0]?.trim() || 'no reason given';
}
