import type { ServerEndpoint } from '../accounts/server-url.js';
import type { MailDeadlines } from '../imap/deadlines.js';
import { openSmtpSession } from './smtp-session.js';

/**
 * Connects to an SMTP server, says hello, upgrades with STARTTLS (required where the endpoint
 * says so: RFC 3207), logs in and quits: "would sending work?" without sending. Throws a
 * MailConnectionError naming the server and what went wrong, as sending would meet it.
 */
export async function verifySmtp(
  endpoint: ServerEndpoint,
  password: string,
  overrides?: Partial<MailDeadlines>,
): Promise<void> {
  const session = await openSmtpSession(endpoint, { password }, { deadlines: overrides });
  session.close();
}
