import type { AppLink } from '../app-link.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { usePresenceStore } from '../stores/presence-store.js';
import { afterFrame } from './after-frame.js';
import { onEvents, onReconnect, stopAll } from './link-events.js';
import { createReloader } from './reloader.js';

/**
 * Teammates' presence (who is online, viewing or writing where), and this page's own: the
 * conversation open here is told to teammates (team.setViewing) while the page is visible; a
 * page hidden or closed views nothing.
 */
export function startPresenceBridge(
  link: AppLink,
  /** The page (none where bridges run without one: a test in Node). */
  doc: Document | undefined = globalThis.document,
): () => void {
  const load = async () => {
    try {
      usePresenceStore.getState().setPresence(await link.call('team.presence'));
    } catch {
      // Asked again when the link is back; presence.changed brings the rest.
    }
  };

  /** What teammates were last told; undefined: nothing yet (or the link was lost since). */
  let told: string | null | undefined;
  const viewing = () =>
    doc?.visibilityState === 'hidden' ? null : useConversationsStore.getState().openId;
  const tell = createReloader(async () => {
    const conversationId = viewing();
    if (conversationId === told) return;
    try {
      await link.call('team.setViewing', { conversationId });
      told = conversationId;
    } catch {
      told = undefined;
    }
  }, 0);

  const presence = createReloader(load, 0);
  presence.now();
  tell.now();
  const onVisibility = () => tell.now();
  doc?.addEventListener('visibilitychange', onVisibility);
  // Closing the page: the app stays, and would go on telling teammates this page views it.
  const onHide = () => {
    if (told) void link.call('team.setViewing', { conversationId: null }).catch(() => undefined);
  };
  doc?.defaultView?.addEventListener('pagehide', onHide);
  return stopAll([
    presence.stop,
    tell.stop,
    onReconnect(link, () => {
      told = undefined;
      presence.now();
      tell.now();
    }),
    onEvents(link, ['presence.changed'], (event) =>
      usePresenceStore.getState().setPresence(event.teammates),
    ),
    useConversationsStore.subscribe((state, before) => {
      // After the frame that shows what was opened: the app's answer (presence.changed, which
      // draws the conversation's presence again) would otherwise be handled before it is painted.
      if (state.openId !== before.openId) afterFrame(tell.now);
    }),
    () => doc?.removeEventListener('visibilitychange', onVisibility),
    () => doc?.defaultView?.removeEventListener('pagehide', onHide),
  ]);
}
