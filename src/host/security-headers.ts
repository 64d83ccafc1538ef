/*
 * Headers every answer of the browser host carries, refusals included. The page may run only its
 * own scripts and talk only to its own host: an HTML mail that slipped past the sanitizer finds
 * no inline script run, no remote script, no other server to send to, and no frame to hide in.
 */

/**
 * The Content Security Policy (CSP Level 3), for a page whose WebSocket endpoint is
 * `socketOrigin` (`ws://127.0.0.1:4780`). `data:` images and fonts: vite inlines small assets as
 * data URLs. Remote images (`https:`, `http:`): a mail's, once its reader allows them. The mail's
 * frame inherits this policy and narrows it with its own (no remote image until allowed:
 * renderer/screens/conversation/mail-html/mail-frame-document.ts); the page itself loads none.
 */
export function contentSecurityPolicy(socketOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob: https: http:",
    "font-src 'self' data:",
    // 'self' covers ws:/wss: of the same host in CSP Level 3; named too for older engines.
    `connect-src 'self' ${socketOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

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
