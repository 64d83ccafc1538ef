import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/*
 * The browser host's one secret: a random key made at each launch, printed in the URL to open,
 * and required for everything it serves. Whoever can reach the port but was not shown the URL
 * (another user of the machine, a web page in the browser, a DNS-rebinding attacker) gets nothing.
 */

export interface LaunchKey {
  readonly value: string;
  /**
   * The cookie that carries it. Cookies ignore ports (RFC 6265 §8.5), so the name holds the
   * port: two hosts on one machine do not overwrite each other's.
   */
  cookieName(port: number): string;
}

/** A fresh key: 256 random bits, base64url (fits a URL and a cookie unescaped). */
export function newLaunchKey(value: string = randomBytes(32).toString('base64url')): LaunchKey {
  return { value, cookieName: (port) => `switchboard-key-${port}` };
}

/** How a request presented the key. */
export type KeyCheck =
  /** Nothing that could be a key: 401. */
  | 'missing'
  /** A key that is not this launch's (a stale cookie, a guess): 403. */
  | 'wrong'
  /** The right key, in the cookie or an `Authorization: Bearer` header. */
  | 'granted'
  /** The right key in the URL's `?key=`: trade it for the cookie. */
  | 'granted-in-url';

/**
 * Checks a request's key: `?key=` when the URL has one (it alone decides: a page opened from the
 * printed URL), else the cookie and the bearer token (either will do).
 */
export function checkKey(
  key: LaunchKey,
  request: IncomingMessage,
  query: URLSearchParams,
  port: number,
): KeyCheck {
  const inUrl = query.getAll('key');
  if (inUrl.length > 0)
    return inUrl.length === 1 && sameKey(key.value, inUrl[0]!) ? 'granted-in-url' : 'wrong';
  const candidates = [
    ...cookieValues(request.headers.cookie, key.cookieName(port)),
    ...bearerToken(request.headers.authorization),
  ];
  if (candidates.length === 0) return 'missing';
  return candidates.some((candidate) => sameKey(key.value, candidate)) ? 'granted' : 'wrong';
}

/**
 * Compares in constant time: both sides are hashed first, so neither their content nor their
 * length shows in how long the comparison takes.
 */
function sameKey(expected: string, candidate: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(candidate));
}

/** Every value of the cookie `name` (a browser may send one per path). */
function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  return header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1));
}

/** RFC 6750 §2.1: `Authorization: Bearer <token>`. */
function bearerToken(header: string | undefined): string[] {
  const match = header && /^Bearer +(\S+) *$/i.exec(header);
  return match ? [match[1]!] : [];
}

/**
 * The Set-Cookie that keeps the key for the page's later requests: out of reach of scripts
 * (HttpOnly), never sent by another site's page (SameSite=Strict), and over TLS only with TLS.
 */
export function keyCookie(key: LaunchKey, port: number, secure: boolean): string {
  return `${key.cookieName(port)}=${key.value}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
