import { createTransport } from 'nodemailer';
import type { ServerEndpoint } from '../accounts/server-url.js';
import {
  describeTransportError,
  MailConnectionError,
  theServer,
} from '../imap/connection-errors.js';
import { mailDeadlines, seconds, type MailDeadlines } from '../imap/deadlines.js';

/**
 * Connects to an SMTP server, says hello, upgrades with STARTTLS where the endpoint requires it
 * (RFC 3207), logs in and quits: "would sending work?" without sending. The deadlines are the
 * IMAP connection's (src/imap/deadlines.ts), for the same reasons.
 */
export async function verifySmtp(
  endpoint: ServerEndpoint,
  password: string,
  overrides?: Partial<MailDeadlines>,
): Promise<void> {
  const deadlines = mailDeadlines(overrides);
  const transport = createTransport({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.secure,
    requireTLS: endpoint.requireStartTls,
    auth: { user: endpoint.user, pass: password },
    connectionTimeout: deadlines.connectMs,
    greetingTimeout: deadlines.greetingMs,
    socketTimeout: deadlines.stallMs,
  });
  try {
    await transport.verify();
  } catch (error) {
    throw describeSmtpError(error, endpoint, deadlines);
  } finally {
    transport.close();
  }
}

/** nodemailer's SMTP error codes, in words (nodemailer/lib/smtp-connection). */
function describeSmtpError(
  error: unknown,
  endpoint: ServerEndpoint,
  deadlines: MailDeadlines,
): unknown {
  const err = (error ?? {}) as { code?: unknown; response?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  const server = theServer(endpoint);
  const said = typeof err.response === 'string' ? `: the server said "${err.response}"` : '';
  const cause = { cause: error };
  if (code === 'EAUTH')
    return new MailConnectionError(
      `authentication failed for ${endpoint.user} at ${server}${said}`,
      'auth',
      false,
      cause,
    );
  // nodemailer reports network and TLS failures under its own codes (ESOCKET, ECONNECTION):
  // the system's code is in the message.
  const system = /\b(E[A-Z_]{3,})\b/.exec(typeof err.message === 'string' ? err.message : '')?.[1];
  const transport = describeTransportError(
    system && system !== code ? { ...err, code: system, message: err.message } : error,
    endpoint,
    endpoint.secure,
  );
  if (transport) return transport;
  if (code === 'ETIMEDOUT')
    return new MailConnectionError(
      `${server} did not answer in time (connect ${seconds(deadlines.connectMs)}, greeting ${seconds(deadlines.greetingMs)})`,
      'timeout',
      true,
      cause,
    );
  if (code === 'ETLS')
    return new MailConnectionError(
      `${server} does not offer STARTTLS, which this account requires (?starttls=true)`,
      'tls',
      false,
      cause,
    );
  return new MailConnectionError(
    `${server} refused the connection test${said}`,
    'protocol',
    false,
    cause,
  );
}
