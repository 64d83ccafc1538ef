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
  const startTls = url.searchParams.get('starttls');
  return {
    protocol: scheme.protocol,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : scheme.port,
    user,
    secure: scheme.secure,
    requireStartTls: startTls === 'true' || startTls === '1',
  };
}

export function formatServerUrl(endpoint: ServerEndpoint): string {
  const scheme = `${endpoint.protocol}${endpoint.secure ? 's' : ''}`;
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const query = endpoint.requireStartTls ? '?starttls=true' : '';
  return `${scheme}://${encodeURIComponent(endpoint.user)}@${host}:${endpoint.port}${query}`;
}
