import { connect as connectTls } from 'node:tls';
import type { ServerEndpoint } from '../accounts/server-url.js';
import { UserError } from '../errors.js';
import { seconds } from './deadlines.js';

/*
 * What went wrong talking to a mail server, in one line a user can act on: which server, and
 * what happened in words (timed out, no greeting, TLS on a plain port…), never a library's raw
 * text. Written for any mail protocol (the endpoint says which): SMTP is to use it too.
 */

export type MailFailureKind = 'auth' | 'unreachable' | 'tls' | 'timeout' | 'protocol';

/** A failure a user can act on: wrong password, unreachable host, TLS trouble. One line each. */
export class MailConnectionError extends UserError {
  override name = 'MailConnectionError';
  constructor(
    message: string,
    readonly kind: MailFailureKind,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(kind === 'auth' ? 'auth-failed' : kind, message, options);
  }
}

type Endpoint = Pick<ServerEndpoint, 'protocol' | 'host' | 'port'>;

/** A field of an error object as text ('' when it is not a string). */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** "host:port", with brackets around an IPv6 address. */
export function serverAddress({ host, port }: Pick<Endpoint, 'host' | 'port'>): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** "the IMAP server at 127.0.0.1:143" */
export function theServer(endpoint: Endpoint): string {
  return `the ${endpoint.protocol.toUpperCase()} server at ${serverAddress(endpoint)}`;
}

/** Nothing arrived for `ms` while an answer was due. `waitingFor`: "fetching message headers of INBOX". */
export function stalled(
  endpoint: Endpoint,
  waitingFor: string,
  ms: number,
  cause?: unknown,
): MailConnectionError {
  return new MailConnectionError(
    `${theServer(endpoint)} stopped answering while ${waitingFor} (no data for ${seconds(ms)})`,
    'timeout',
    true,
    { cause },
  );
}

/** The TCP (or TLS) handshake got no answer: a host that is down, or a firewall dropping packets. */
export function connectTimedOut(endpoint: Endpoint, ms: number, cause?: unknown) {
  return new MailConnectionError(
    `cannot reach ${theServer(endpoint)}: the connection timed out after ${seconds(ms)} (no answer from the host)`,
    'timeout',
    true,
    { cause },
  );
}

/** Connected, but the server never said hello. */
export function noGreeting(endpoint: Endpoint, ms: number, secure: boolean, cause?: unknown) {
  const protocol = endpoint.protocol.toUpperCase();
  return new MailConnectionError(
    `${theServer(endpoint)} accepted the ${secure ? 'TLS ' : ''}connection but sent no ${protocol} greeting within ${seconds(ms)} (is it hung${secure ? '' : `, or not an ${protocol} port`}?)`,
    'timeout',
    true,
    { cause },
  );
}

/** A plain connection to a port that waits for a TLS hello (an imaps:// or smtps:// port). */
export function expectsTls(endpoint: Endpoint, cause?: unknown) {
  const scheme = endpoint.protocol;
  return new MailConnectionError(
    `${theServer(endpoint)} expects TLS from the first byte: use ${scheme}s:// instead of ${scheme}://`,
    'tls',
    false,
    { cause },
  );
}

/**
 * OpenSSL's codes for a TLS hello answered with something that is not TLS: a plain server's
 * greeting ("* OK", "220") read as a record header.
 */
const NOT_TLS_CODES: ReadonlySet<string> = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_RECORD_LAYER_FAILURE',
  'ERR_SSL_UNKNOWN_PROTOCOL',
  'ERR_SSL_HTTP_REQUEST',
]);

/** How each network failure reads, in words (the host never answered, or the link broke). */
const NETWORK_FAILURES: Record<string, (server: string) => string> = {
  ECONNREFUSED: (server) => `cannot reach ${server}: nothing listens on that port`,
  ENOTFOUND: (server) => `cannot reach ${server}: unknown host name`,
  EAI_AGAIN: (server) => `cannot reach ${server}: the host name could not be looked up`,
  EHOSTUNREACH: (server) => `cannot reach ${server}: no route to the host`,
  ENETUNREACH: (server) => `cannot reach ${server}: the network is unreachable`,
  ECONNRESET: (server) => `the connection to ${server} was reset`,
  EPIPE: (server) => `the connection to ${server} was closed`,
};

interface NodeishError {
  code?: unknown;
  message?: unknown;
  /** OpenSSL's reason ("wrong version number") and library, set by Node on TLS errors. */
  reason?: unknown;
  library?: unknown;
}

/**
 * The network and TLS failures any mail protocol meets, described; undefined for anything else
 * (the protocol's own errors, or a bug). `secure`: whether TLS was spoken from the first byte.
 */
export function describeTransportError(
  error: unknown,
  endpoint: Endpoint,
  secure: boolean,
): MailConnectionError | undefined {
  if (error instanceof MailConnectionError) return error;
  const err = (error ?? {}) as NodeishError;
  const code = typeof err.code === 'string' ? err.code : '';
  const scheme = endpoint.protocol;
  const network = Object.hasOwn(NETWORK_FAILURES, code) ? NETWORK_FAILURES[code] : undefined;
  if (network) {
    return new MailConnectionError(
      `${network(theServer(endpoint))} (${code})`,
      'unreachable',
      true,
      { cause: error },
    );
  }
  if (NOT_TLS_CODES.has(code) && secure) {
    return new MailConnectionError(
      `${theServer(endpoint)} does not speak TLS on this port (it answered in plain text): use ${scheme}:// (STARTTLS is used when the server offers it)`,
      'tls',
      false,
      { cause: error },
    );
  }
  if (isTlsError(code, err)) {
    return new MailConnectionError(
      `TLS failure talking to ${theServer(endpoint)}: ${tlsReason(err, code)}`,
      'tls',
      false,
      { cause: error },
    );
  }
  return undefined;
}

function isTlsError(code: string, err: NodeishError): boolean {
  return (
    /^ERR_SSL|^ERR_TLS|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code) ||
    err.library === 'SSL routines'
  );
}

/** One line of why TLS failed: OpenSSL's reason or the first line of the message, never its dump. */
function tlsReason(err: NodeishError, code: string): string {
  const reason = typeof err.reason === 'string' ? err.reason : '';
  const firstLine = textOf(err.message).split('\n')[0] ?? '';
  // OpenSSL's "<hex>:error:<hex>:SSL routines:<function>:<reason>:<file>:<line>:" layout.
  const fromDump = /:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/.exec(firstLine)?.[1];
  const text = (reason || fromDump || firstLine || code).trim();
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code))
    return `its certificate is not trusted (${text})`;
  return text;
}

/**
 * Whether the port answers a TLS hello: tells a TLS-only port (which waits for the client to
 * speak first, so a plain client sees no greeting) from a server that is merely silent.
 */
export function answersTls(
  endpoint: Pick<Endpoint, 'host' | 'port'>,
  ms: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    // Nothing is sent or trusted over it: only whether a handshake happens is of interest.
    const socket = connectTls({
      host: endpoint.host,
      port: endpoint.port,
      rejectUnauthorized: false,
      ...(endpoint.host.match(/^[\d.:]+$/) ? {} : { servername: endpoint.host }),
    });
    let settled = false;
    const done = (answer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), ms);
    socket.once('secureConnect', () => done(true));
    // on(), not once(): a second 'error' without a listener would crash the process. A TLS alert
    // is an answer in TLS too (a server that wants a client certificate, say).
    socket.on('error', (error: NodeishError) =>
      done(typeof error.code === 'string' && /^ERR_SSL_(SSLV3_|TLSV1_)?ALERT/.test(error.code)),
    );
  });
}
