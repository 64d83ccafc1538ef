import { contentSecurityPolicy } from '../app/index.js';

/*
 * Headers every answer of the browser host carries, refusals included. The page may run only its
 * own scripts and talk only to its own host: an HTML mail that slipped past the sanitizer finds
 * no inline script run, no remote script, no other server to send to, and no frame to hide in.
 */
export function securityHeaders(socketOrigin: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(socketOrigin),
    'x-content-type-options': 'nosniff',
    // The URL the page was opened with carries the key: no request of the page may tell it.
    'referrer-policy': 'no-referrer',
    // frame-ancestors' older twin, for engines without CSP 2.
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}
