import { ImapFlow } from 'imapflow';
import { requireServer, type Account } from '../accounts/account-store.js';
import { requireSecret, type SecretSource } from '../accounts/secrets.js';
import { isUserError } from '../errors.js';
import {
  answersTls,
  connectTimedOut,
  describeTransportError,
  expectsTls,
  MailConnectionError,
  noGreeting,
  serverAddress,
  stalled,
  textOf,
  theServer,
} from './connection-errors.js';
import { mailDeadlines, type MailDeadlines } from './deadlines.js';
import {
  describeRefusal,
  imapflowWait,
  isCommandRefusal,
  isImapflowTimeout,
  stallOf,
  watchForStalls,
} from './imap-failures.js';

export { MailConnectionError } from './connection-errors.js';

export interface ImapClientOptions {
  /** Replaces some of MAIL_DEADLINES (tests shorten them). */
  deadlines?: Partial<MailDeadlines>;
  /** Test and bench hook: called with every new client (e.g. to count connections). */
  onClient?: (client: ImapFlow) => void;
}

export function createImapClient(
  account: Account,
  secrets: SecretSource,
  options: ImapClientOptions = {},
): ImapFlow {
  const password = requireSecret(secrets, account.passwordRef, account.email);
  const deadlines = mailDeadlines(options.deadlines);
  const client = new ImapFlow({
    host: account.imap.host,
    port: account.imap.port,
    secure: account.imap.secure,
    // Without an explicit policy imapflow upgrades opportunistically; `?starttls=true` makes it a
    // requirement so credentials never cross the wire in clear (RFC 8314 §3).
    ...(account.imap.requireStartTls ? { doSTARTTLS: true } : {}),
    // XOAUTH2 (RFC 7628's predecessor as Gmail and Outlook take it): the secret is an access token.
    auth:
      account.auth === 'xoauth2'
        ? { user: account.imap.user, accessToken: password }
        : { user: account.imap.user, pass: password },
    logger: false,
    // QRESYNC makes expunges arrive as UIDs (VANISHED, RFC 7162 §3.2.10) instead of sequence
    // numbers, which is what an offline cache keyed by UID needs.
    qresync: true,
    // deadlines.ts says why each value. imapflow's socket timeout is a silence timer: a command
    // in flight that hears nothing for that long fails (a stall); a quiet connection with no
    // command in flight (holding a mailbox while the bulk connection works) gets a NOOP instead.
    connectionTimeout: deadlines.connectMs,
    greetingTimeout: deadlines.greetingMs,
    socketTimeout: deadlines.stallMs,
    // IDLE is restarted inside the stall deadline, so an idle connection is never silent for it.
    maxIdleTime: deadlines.idleRestartMs,
  });
  // Also the 'error' listener that keeps a dropped connection from crashing the process:
  // failures surface through the promises of the commands instead.
  watchForStalls(client);
  options.onClient?.(client);
  return client;
}

/** Connects and logs in, turning the library's errors into ones a user can read. */
export async function connectImap(
  account: Account,
  secrets: SecretSource,
  options: ImapClientOptions = {},
): Promise<ImapFlow> {
  requireServer(account);
  const client = createImapClient(account, secrets, options);
  try {
    await client.connect();
  } catch (error) {
    // Read what it was waiting for before close() forgets it.
    const described = describeImapError(error, account, { client, deadlines: options.deadlines });
    client.close();
    throw await unlessTlsPort(error, account, options.deadlines, described ?? error);
  }
  return client;
}

/**
 * A plain connection that got no greeting may have reached a TLS-only port (which waits for the
 * client to speak first): if the port answers a TLS hello, say to use imaps://.
 */
async function unlessTlsPort(
  error: unknown,
  account: Pick<Account, 'imap'>,
  overrides: Partial<MailDeadlines> | undefined,
  otherwise: unknown,
): Promise<unknown> {
  const code = (error as { code?: unknown }).code;
  if (code !== 'GREETING_TIMEOUT' || account.imap.secure) return otherwise;
  const tls = await answersTls(account.imap, mailDeadlines(overrides).tlsProbeMs);
  return tls ? expectsTls(account.imap, error) : otherwise;
}

/** Connection-level codes of imapflow that mean the connection is gone. */
const CLOSED_CODES: ReadonlySet<string> = new Set([
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);

/**
 * The one line a user sees for an IMAP failure, or undefined when the error is not the server's
 * or the network's doing (a bug, a full disk, a missing password: those are reported as they are).
 * `client`, when given, tells what a stalled connection was waiting for.
 */
export function describeImapError(
  error: unknown,
  account: Pick<Account, 'email' | 'imap'>,
  context: { client?: ImapFlow | undefined; deadlines?: Partial<MailDeadlines> | undefined } = {},
): MailConnectionError | undefined {
  if (error instanceof MailConnectionError) return error;
  if (isUserError(error)) return undefined;
  const endpoint = account.imap;
  const deadlines = mailDeadlines(context.deadlines);
  const stall = stallOf(context.client);
  if (stall !== undefined) return stalled(endpoint, stall, deadlines.stallMs, error);
  const err = (error ?? {}) as {
    code?: unknown;
    authenticationFailed?: boolean;
    message?: unknown;
    reason?: unknown;
  };
  if (err.authenticationFailed) {
    return new MailConnectionError(
      `authentication failed for ${endpoint.user} at ${serverAddress(endpoint)}: wrong user name or password`,
      'auth',
      false,
      { cause: error },
    );
  }
  const transport = describeTransportError(error, endpoint, endpoint.secure);
  if (transport) return transport;
  const code = typeof err.code === 'string' ? err.code : '';
  if (code === 'CONNECT_TIMEOUT') return connectTimedOut(endpoint, deadlines.connectMs, error);
  if (code === 'GREETING_TIMEOUT')
    return noGreeting(endpoint, deadlines.greetingMs, endpoint.secure, error);
  if (isImapflowTimeout(error)) {
    const waiting = context.client ? imapflowWait(context.client) : 'waiting for an answer';
    return stalled(endpoint, waiting, deadlines.stallMs, error);
  }
  if (CLOSED_CODES.has(code)) {
    const why = typeof err.reason === 'string' && err.reason ? `: ${err.reason}` : '';
    return new MailConnectionError(
      `the connection to ${theServer(endpoint)} was closed${why}`,
      'unreachable',
      true,
      { cause: error },
    );
  }
  if (isCommandRefusal(error)) {
    // A server's NO to a command outside any one folder (LIST, say): it will say the same in a
    // second, so it is not retried.
    return new MailConnectionError(
      `${theServer(endpoint)}: ${describeRefusal(error)}`,
      'protocol',
      false,
      {
        cause: error,
      },
    );
  }
  // imapflow's own failures carry a code of theirs; a bug of ours (TypeError, SQLite) must not be
  // passed off as the server's.
  if (code && !/^(SQLITE|ERR_)/.test(code)) {
    return new MailConnectionError(
      `IMAP error at ${serverAddress(endpoint)}: ${(textOf(err.message) || code).split('\n')[0]}`,
      'protocol',
      true,
      { cause: error },
    );
  }
  return undefined;
}
