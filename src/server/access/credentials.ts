import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A new workspace or member id: 120 random bits as 24 characters of lowercase base32
 * (RFC 4648 alphabet): URL-safe, case-insensitive, unguessable.
 */
export function newId(): string {
  const bytes = randomBytes(15);
  let bits = 0;
  let value = 0;
  let id = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      id += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return id;
}

/**
 * A bearer token: `sb_` and 32 random bytes, base64url (46 characters). Shown once, stored
 * hashed. The prefix keeps a token from starting with "-", which a command line would take for
 * an option (`team join --token -x…`), and makes a leaked one easy to recognize in a log.
 */
export function newToken(): string {
  return `sb_${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 of a token. A slow password hash buys nothing for 256 random bits (there is no
 * dictionary to try), and lookups stay one index probe.
 */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Compares two token hashes without an early exit. The database finds the row by its hash, so
 * this is belt and braces: what a lookup's timing could reveal is a prefix of a SHA-256 of the
 * token, which does not help to guess the token.
 */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
