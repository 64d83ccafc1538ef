/**
 * The Content Security Policy (CSP Level 3) of the app's page, the same under every host: the
 * browser host's page, whose WebSocket endpoint is `socketOrigin` (`ws://127.0.0.1:4780`), and
 * Electron's window, which has none (its calls go through IPC). `data:` images and fonts: vite
 * inlines small assets as data URLs. Remote images (`https:`, `http:`): a mail's, once its reader
 * allows them. The mail's frame inherits this policy and narrows it with its own (no remote image
 * until allowed: renderer/screens/conversation/mail-html/mail-frame-document.ts); the page itself
 * loads none.
 */
export function contentSecurityPolicy(socketOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob: https: http:",
    "font-src 'self' data:",
    // 'self' covers ws:/wss: of the same host in CSP Level 3; named too for older engines.
    socketOrigin ? `connect-src 'self' ${socketOrigin}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
