import { ImapFlow } from 'imapflow';
import type { Account } from '../accounts/account-store.js';
import { requireSecret, type SecretSource } from '../accounts/secrets.js';
import { UserError } from '../errors.js';

/** A failure a user can act on: wrong password, unreachable host, TLS trouble. One line each. */
export class MailConnectionError extends UserError {
  override name = 'MailConnectionError';
  constructor(
    message: string,
    readonly kind: 'auth' | 'unreachable' | 'tls' | 'timeout' | 'protocol',
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(kind === 'auth' ? 'auth-failed' : kind, message, options);
  }
}

export interface ImapClientOptions {
  /** Seconds of silence before the socket is considered dead; IDLE restarts well before this. */
  socketTimeoutMs?: number;
  /** Test and bench hook: called with every new client (e.g. to count connections). */
  onClient?: (client: ImapFlow) => void;
}

export function createImapClient(
  account: Account,
  secrets: SecretSource,
  options: ImapClientOptions = {},
): ImapFlow {
  const password = requireSecret(secrets, account.passwordRef, account.email);
  const client = new ImapFlow({
    host: account.imap.host,
    port: account.imap.port,
    secure: account.imap.secure,
    // Without an explicit policy imapflow upgrades opportunistically; `?starttls=true` makes it a
    // requirement so credentials never cross the wire in clear (RFC 8314 §3).
    ...(account.imap.requireStartTls ? { doSTARTTLS: true } : {}),
    auth: { user: account.imap.user, pass: password },
    logger: false,
    // QRESYNC makes expunges arrive as UIDs (VANISHED, RFC 7162 §3.2.10) instead of sequence
    // numbers, which is what an offline cache keyed by UID needs.
    qresync: true,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: options.socketTimeoutMs ?? 5 * 60_000,
    // IDLE is restarted before servers drop it (RFC 2177 §3: at most every 29 minutes).
    maxIdleTime: 5 * 60_000,
  });
  options.onClient?.(client);
  return client;
}

/** Connects and logs in, turning the library's errors into ones a user can read. */
export async function connectImap(
  account: Account,
  secrets: SecretSource,
  options: ImapClientOptions = {},
): Promise<ImapFlow> {
  const client = createImapClient(account, secrets, options);
  // An 'error' event without a listener would crash the process; failures surface through the
  // promises of the commands instead.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw describeImapError(error, account);
  }
  return client;
}

export function describeImapError(
  error: unknown,
  account: Pick<Account, 'email' | 'imap'>,
): MailConnectionError {
  if (error instanceof MailConnectionError) return error;
  const err = error as {
    code?: string;
    authenticationFailed?: boolean;
    message?: string;
    responseText?: string;
  };
  const where = `${account.imap.host}:${account.imap.port}`;
  if (err.authenticationFailed) {
    return new MailConnectionError(
      `authentication failed for ${account.imap.user} at ${where}: wrong user name or password`,
      'auth',
      false,
      { cause: error },
    );
  }
  const code = err.code ?? '';
  if (
    [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'EAI_AGAIN',
      'ECONNRESET',
    ].includes(code)
  ) {
    return new MailConnectionError(
      `cannot reach the IMAP server at ${where} (${code})`,
      'unreachable',
      true,
      { cause: error },
    );
  }
  if (
    /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL/i.test(code) ||
    /ssl|tls|certificate/i.test(err.message ?? '')
  ) {
    return new MailConnectionError(
      `TLS failure talking to ${where}: ${err.message ?? code}`,
      'tls',
      false,
      { cause: error },
    );
  }
  if (/TIMEOUT/i.test(code)) {
    return new MailConnectionError(
      `the IMAP server at ${where} did not answer in time (${code})`,
      'timeout',
      true,
      {
        cause: error,
      },
    );
  }
  if (
    code === 'NoConnection' ||
    code === 'EConnectionClosed' ||
    code === 'ClosedAfterConnectText'
  ) {
    return new MailConnectionError(`the connection to ${where} was closed`, 'unreachable', true, {
      cause: error,
    });
  }
  return new MailConnectionError(
    `IMAP error at ${where}: ${err.responseText ?? err.message ?? String(error)}`,
    'protocol',
    true,
    { cause: error },
  );
}
