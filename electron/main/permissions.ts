import { isAppUrl } from './app-protocol.js';

/** What the app's own page may be granted: showing notifications (assignments, mentions). */
const GRANTED = ['notifications'] as const;

/**
 * Whether a page's permission request (or check) is granted: only the app's own page, only for
 * notifications. Camera, microphone, location, clipboard reading, USB, MIDI…: never, for any
 * page, as Electron's checklist advises
 * (https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content).
 */
export function allowsPermission(permission: string, requestingUrl: string | undefined): boolean {
  return (
    (GRANTED as readonly string[]).includes(permission) &&
    requestingUrl !== undefined &&
    isAppUrl(requestingUrl)
  );
}
