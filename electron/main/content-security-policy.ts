import { contentSecurityPolicy } from '../../src/app/index.js';

/**
 * The window's Content Security Policy: the browser host's (src/app/content-security-policy.ts), the
 * same page under the same rules, without a socket to talk to: the window reaches the app through
 * the preload's IPC, which no policy governs and no page script can touch. Sent with every
 * response of the app's own scheme, and so inherited by the mail's sandboxed frame, which
 * narrows it further.
 */
export const WINDOW_CONTENT_SECURITY_POLICY = contentSecurityPolicy();
