import { ACTION_IDS, type ActionId } from '../actions/catalog.js';
import { runAction } from '../actions/registry.js';
import type { AppLink } from '../app-link.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { isUnreachable, messageOf, onEvents, stopAll } from './link-events.js';
import { openMailto } from './new-message-bridge.js';

const isActionId = (id: string): id is ActionId => (ACTION_IDS as readonly string[]).includes(id);

/**
 * What the desktop app's shell asks of the page: the links handed to the app (a `mailto:`
 * clicked elsewhere opens New message with its fields, `switchboard://conversation/ID` that
 * conversation), taken when the page starts and whenever more wait (`links.waiting`), and the
 * application menu's choices (`menu.chosen`), run as the keys and the palette run them. Returns
 * the unsubscribe.
 */
export function startShellBridge(link: AppLink): () => void {
  const take = async () => {
    try {
      for (const request of await link.call('links.take')) {
        if (request.kind === 'conversation') {
          useUiStore.getState().closeOverlay();
          useConversationsStore.getState().open(request.conversationId);
        } else openMailto(request);
      }
    } catch (error) {
      // Unreachable: the links wait in the app, and the next start or event takes them.
      if (!isUnreachable(error)) console.warn(`links could not be taken: ${messageOf(error)}`);
    }
  };
  void take();
  return stopAll([
    onEvents(link, ['links.waiting'], () => void take()),
    onEvents(link, ['menu.chosen'], (event) => {
      if (isActionId(event.action)) runAction(event.action);
    }),
  ]);
}
