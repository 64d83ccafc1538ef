import type SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import type { ServerEndpoint } from '../accounts/server-url.js';
import { MailConnectionError, textOf, theServer } from '../imap/connection-errors.js';
import type { MailDeadlines } from '../imap/deadlines.js';
import { describeSmtpFailure } from './describe-smtp-failure.js';
import { isTransient, replyLine, replyOf, type SmtpReply } from './smtp-reply.js';
import {
  openSmtpSession,
  type SendEnvelope,
  type SendPhase,
  type SmtpLogin,
  type SmtpSession,
} from './smtp-session.js';

/**
 * What became of one submission, as the outbox needs it to never send twice:
 * - `accepted`: the server's 2xx to the message's end; `response` is its reply, often with the
 *   queue id ("250 2.0.0 Ok: queued as 4F1A2").
 * - `temporary`: a 4xx reply, or a failure before the message started going out: sending again
 *   later is safe. `accountProblem`: the account's setup is at fault (login refused, TLS, the
 *   server refusing the session), not this message: every message of the account would fail.
 * - `permanent`: a 5xx reply to the envelope or the message: sending it again as it is would be
 *   refused again; `reason` keeps the server's words.
 * - `unknown`: the message had started going out and no reply to its end was read: the server may
 *   have taken it. Never to be sent again without a person deciding.
 */
export type SubmitOutcome =
  | { kind: 'accepted'; response: string }
  | { kind: 'temporary'; reason: string; code?: number; accountProblem?: boolean }
  | { kind: 'permanent'; reason: string; code?: number }
  | { kind: 'unknown'; reason: string };

export interface SubmitOptions {
  endpoint: ServerEndpoint;
  credentials: SmtpLogin;
  /** RFC 5321 envelope: MAIL FROM and one RCPT TO each (Bcc included), bare addresses. */
  envelope: SendEnvelope;
  /** The message as composed (RFC 5322), sent byte for byte. */
  raw: Buffer;
  deadlines?: Partial<MailDeadlines>;
  /** Certificates to trust besides the system's (a self-hosted server's private CA). */
  ca?: string | Buffer;
  /**
   * Called once, synchronously, when the server has accepted MAIL FROM and every RCPT TO, just
   * before the DATA command is written (nodemailer-internals.ts): nothing of the message has
   * been sent; from here on a crash leaves the outcome unknown. Before DATA rather than at the
   * message's first byte after the server's 354: on the safe side (a crash between the hook and
   * the message's end is taken as unknown although nothing may have been sent), and a throw here
   * never opens a message transfer. If it throws, the message is not sent (QUIT instead) and
   * submitMessage rejects with that error. A reply that comes after the hook but before the
   * message's first byte (a 4xx/5xx to DATA itself) is still a clean temporary/permanent.
   */
  beforeData?: () => void;
}

/**
 * Submits one already-built message over SMTP (RFC 6409) and says what became of it.
 *
 * All or nothing with recipients: if the server refuses any RCPT TO, the message is sent to none
 * (`permanent` if any refusal is 5xx, else `temporary`, naming each refused address and the
 * server's reply), as desktop mail clients do. Sending to the accepted ones only would leave a
 * message that is half delivered, and then no retry could be safe.
 *
 * Rejects only with `beforeData`'s own error or a bug; every failure of the server or the network
 * is an outcome.
 */
export async function submitMessage(options: SubmitOptions): Promise<SubmitOutcome> {
  const opened = await openSubmission(options);
  if ('failed' in opened) return opened.failed;
  try {
    return await submitOver(opened.session, options);
  } finally {
    opened.session.close();
  }
}

/** A logged-in session to submit over, or the outcome of failing to open one (nothing sent). */
export async function openSubmission(
  options: Pick<SubmitOptions, 'endpoint' | 'credentials' | 'deadlines' | 'ca'>,
): Promise<{ session: SmtpSession } | { failed: SubmitOutcome }> {
  try {
    return { session: await openSmtpSession(options.endpoint, options.credentials, options) };
  } catch (error) {
    if (error instanceof MailConnectionError) return { failed: sessionFailed(error) };
    throw error;
  }
}

/**
 * One message over an open session (submitMessage's outcomes). The session may take another
 * message after it when `session.reusable` (RFC 5321 §4.1.4: a mail transaction ends with the
 * reply to its data; the next MAIL FROM starts another).
 */
export async function submitOver(
  session: SmtpSession,
  options: SubmitOptions,
): Promise<SubmitOutcome> {
  let hookFailure: { error: unknown } | undefined;
  try {
    const info = await session.send(options.envelope, options.raw, (refused) => {
      if (refused.length > 0) throw new RecipientsRefused(refused);
      try {
        options.beforeData?.();
      } catch (error) {
        hookFailure = { error };
        throw error;
      }
    });
    return { kind: 'accepted', response: replyLine(info.response) };
  } catch (error) {
    if (hookFailure) throw hookFailure.error;
    return sendFailed(error, session, options);
  }
}

/** The server's refusals of RCPT TO, raised in the DATA gate when some were accepted. */
class RecipientsRefused extends Error {
  constructor(readonly refused: SMTPConnection.SMTPError[]) {
    super('recipients refused');
  }
}

/** Connecting or logging in failed: nothing was sent. */
function sessionFailed(error: MailConnectionError): SubmitOutcome {
  const reply = replyOf(error.cause);
  const accountProblem =
    reply && isTransient(reply)
      ? false
      : error.kind === 'auth' || error.kind === 'tls' || (reply !== undefined && reply.code >= 500);
  return {
    kind: 'temporary',
    reason: error.message,
    ...(reply ? { code: reply.code } : {}),
    ...(accountProblem ? { accountProblem } : {}),
  };
}

function sendFailed(error: unknown, session: SmtpSession, options: SubmitOptions): SubmitOutcome {
  const { endpoint, envelope } = options;
  const server = theServer(endpoint);
  const err = (error ?? {}) as SMTPConnection.SMTPError & { rejectedErrors?: unknown };
  if (error instanceof RecipientsRefused)
    return recipientsRefused(server, error.refused, envelope.to.length);
  if (Array.isArray(err.rejectedErrors) && err.rejectedErrors.length > 0)
    return recipientsRefused(
      server,
      err.rejectedErrors as SMTPConnection.SMTPError[],
      envelope.to.length,
    );
  const phase = session.phase;
  // Only a 4xx or 5xx says no. nodemailer also reports a connection that closed on a reply
  // without its line end; a "250" there proves nothing.
  const reply = replyOf(error);
  if (reply && reply.code >= 400)
    return refusal(reply, `${server} refused ${refusedWhat(err, phase, options)}`);
  // nodemailer's own refusals, before anything is sent: an address that cannot go in an
  // envelope, or a message over the size the server announced (RFC 1870).
  if (err.code === 'EENVELOPE' || err.code === 'EMESSAGE')
    return {
      kind: 'permanent',
      reason: `cannot send through ${server}: ${localRefusal(err, options)}`,
    };
  const described = describeSmtpFailure(error, endpoint, session.deadlines, {
    connected: true,
    greeted: true,
    doing: DOING[phase],
  });
  if (!described) throw error;
  if (phase === 'data')
    return {
      kind: 'unknown',
      reason: `${described.message}; the message had started going out and no reply to it came, so it may have been delivered`,
    };
  // Before the message's first byte (in the envelope, or waiting for DATA's 354): nothing to undo.
  return { kind: 'temporary', reason: described.message };
}

function localRefusal(err: SMTPConnection.SMTPError, options: SubmitOptions): string {
  const limit = /size larger than allowed (\d+)/i.exec(err.message)?.[1];
  if (limit)
    return `it takes messages up to ${limit} bytes and this one is ${options.raw.length} bytes`;
  return err.message.split('\n')[0] ?? err.code ?? 'refused';
}

const DOING: Record<SendPhase, string> = {
  ready: 'sending the envelope',
  envelope: 'sending the envelope',
  'data-command': 'starting the message (DATA)',
  data: 'sending the message',
  done: 'sending the message',
};

/** What the server said no to, from the command its reply answered. */
function refusedWhat(
  err: SMTPConnection.SMTPError,
  phase: SendPhase,
  options: SubmitOptions,
): string {
  if (err.command === 'MAIL FROM') return `the sender ${options.envelope.from}`;
  if (phase === 'data') return 'the message';
  return 'the message before it was sent';
}

/** 4xx: try again later; 5xx: not as it is. */
function refusal(reply: SmtpReply, reason: string): SubmitOutcome {
  const full = `${reason}: ${reply.line}`;
  return isTransient(reply)
    ? { kind: 'temporary', reason: full, code: reply.code }
    : { kind: 'permanent', reason: full, code: reply.code };
}

function recipientsRefused(
  server: string,
  refused: SMTPConnection.SMTPError[],
  total: number,
): SubmitOutcome {
  const replies = refused.map((error) => ({
    recipient: textOf((error as { recipient?: unknown }).recipient),
    reply: replyOf(error),
  }));
  // A refusal without a 4xx is taken as lasting: retrying would only repeat it.
  const lasting = replies.find(({ reply }) => !reply || !isTransient(reply));
  const code = (lasting ?? replies[0])?.reply?.code;
  const list = replies
    .map(({ recipient, reply }) => `${recipient} (${reply?.line ?? 'no reason given'})`)
    .join(', ');
  const others = total - refused.length;
  const rest =
    others <= 0
      ? ''
      : `; not sent to the other ${others === 1 ? 'recipient' : `${others} recipients`} either`;
  const reason = `${server} refused ${refused.length === 1 ? 'the recipient' : `${refused.length} recipients:`} ${list}${rest}`;
  return {
    kind: lasting ? 'permanent' : 'temporary',
    reason,
    ...(code === undefined ? {} : { code }),
  };
}
