import { UserError } from '../errors.js';
/** Where a mail server is and how to reach it; parsed from `imap://user@host:port` style URLs. */
export interface ServerEndpoint {
  protocol: 'imap' | 'smtp';
  host: string;
  port: number;
  user: string;
  /** TLS from the first byte (imaps:// port 993, smtps:// port 465). */
  secure: boolean;
  /** Upgrade a plain connection with STARTTLS and refuse to continue without it. */
  requireStartTls: boolean;
}

const SCHEMES = {
  'imap:': { protocol: 'imap', secure: false, port: 143 },
  'imaps:': { protocol: 'imap', secure: true, port: 993 },
  'smtp:': { protocol: 'smtp', secure: false, port: 587 },
  'smtps:': { protocol: 'smtp', secure: true, port: 465 },
} as const;

export function parseServerUrl(text: string, expected: 'imap' | 'smtp'): ServerEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError('invalid', `not a valid ${expected} URL: ${text}`);
  }
  const scheme = SCHEMES[url.protocol as keyof typeof SCHEMES] as
    (typeof SCHEMES)[keyof typeof SCHEMES] | undefined;
  if (!scheme || scheme.protocol !== expected) {
    throw new UserError(
      'invalid',
      `expected ${expected}:// or ${expected}s:// but got ${url.protocol}//`,
    );
  }
  if (url.password) {
    throw new UserError(
      'invalid',
      'put the password in an environment variable (--password-env), not in the URL',
    );
  }
  if (!url.hostname) throw new UserError('invalid', `missing host in ${text}`);
  const user = decodeURIComponent(url.username);
  if (!user)
    throw new UserError('invalid', `missing user in ${text} (${expected}://USER@HOST:PORT)`);
  if ((url.pathname !== '' && url.pathname !== '/') || url.hash)
    throw new UserError(
      'invalid',
      `unexpected ${url.hash ? url.hash : url.pathname} in ${expected} URL ${text} (${expected}://USER@HOST:PORT)`,
    );
  return {
    protocol: scheme.protocol,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : scheme.port,
    user,
    secure: scheme.secure,
    requireStartTls: startTlsRequired(url, expected, scheme.secure),
  };
}

/** What a URL may say about STARTTLS: one parameter with one value, as the README documents. */
const STARTTLS_ACCEPTED =
  'accepted: ?starttls=true to require STARTTLS, or nothing to upgrade when the server offers it';

/**
 * `?starttls=true`: upgrade with STARTTLS (RFC 3501 §6.2.1, RFC 3207) and refuse to go on without
 * it. Without it a plain connection upgrades only when the server offers to, which anyone on the
 * path defeats by deleting the offer: so a typo (`=yes`, `STARTTLS=`) must fail, not downgrade.
 * `=false` too: it reads as "no TLS at all", which is not what leaving it out does.
 */
function startTlsRequired(url: URL, expected: 'imap' | 'smtp', secure: boolean): boolean {
  const names = [...url.searchParams.keys()];
  const unknown = names.find((name) => name !== 'starttls');
  if (unknown !== undefined)
    throw new UserError(
      'invalid',
      `unknown parameter ${unknown} in the ${expected} URL; ${STARTTLS_ACCEPTED}`,
    );
  const values = url.searchParams.getAll('starttls');
  if (values.length === 0) return false;
  if (values.length > 1 || values[0] !== 'true')
    throw new UserError(
      'invalid',
      `${values.map((value) => `starttls=${value}`).join('&')} is not accepted in the ${expected} URL; ${STARTTLS_ACCEPTED}`,
    );
  if (secure)
    throw new UserError(
      'invalid',
      `?starttls=true goes with ${expected}://; ${expected}s:// is TLS from the first byte`,
    );
  return true;
}

export function formatServerUrl(endpoint: ServerEndpoint): string {
  const scheme = `${endpoint.protocol}${endpoint.secure ? 's' : ''}`;
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const query = endpoint.requireStartTls ? '?starttls=true' : '';
  return `${scheme}://${encodeURIComponent(endpoint.user)}@${host}:${endpoint.port}${query}`;
}
