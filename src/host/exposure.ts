import { isIPv4 } from 'node:net';
import { UserError } from '../app/index.js';

/*
 * Who can reach the browser host. On loopback only this machine can; anywhere else the network
 * sees every byte, the key included, unless TLS protects it: serving there takes TLS or saying
 * explicitly that the network is trusted.
 */

export const DEFAULT_HOST = '127.0.0.1';

/** localhost, 127.0.0.0/8, ::1. A name other than localhost counts as the network. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIPv4(bare) && bare.startsWith('127.');
}

export type Exposure = 'loopback' | 'tls' | 'insecure-public';

/** How `host` is exposed, or the one-line refusal of a network host without TLS. */
export function exposureOf(
  host: string,
  options: { tls: boolean; insecurePublic: boolean },
): Exposure {
  if (isLoopback(host)) return 'loopback';
  if (options.tls) return 'tls';
  if (options.insecurePublic) return 'insecure-public';
  throw new UserError(
    'usage',
    `--host ${host} is reachable from other machines, which would see the key: give --tls-cert FILE --tls-key FILE, or --insecure-public to serve without TLS anyway`,
  );
}
