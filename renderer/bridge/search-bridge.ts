import { flushSync } from 'react-dom';
import type { AppLink } from '../app-link.js';
import { sendableQuery } from '../model/search-query.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useSearchStore } from '../stores/search-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { messageOf, onEvents, onReconnect, stopAll } from './link-events.js';

/**
 * Results per query: two screenfuls of the panel; the app ranks, so the best come first, and a
 * query that finds more says so (add words or an operator). Each result is a row to find and a
 * snippet to cut on the host, and rows to draw after the answer's frame, while the next
 * keystroke may be coming: 30 made each answer half as large again (7 kB against 4.7 kB), for
 * rows few scroll to.
 */
export const SEARCH_LIMIT = 20;

/**
 * Search as you type: each change of the query asks the app (mail.search) at once, with no
 * fixed debounce; while a query is out, later keystrokes only replace the one to ask next, so
 * at most one waits behind the one running and the queries typed past are never sent (a stale
 * query is dropped, not answered late). An answer is shown only if it is for what is typed now.
 * Shown results are asked again when conversations change, and when the link is back online.
 */
export function startSearchBridge(link: AppLink): () => void {
  let running: string | null = null;
  let next: string | null = null;

  const ask = (query: string) => {
    if (running !== null) {
      next = query;
      return;
    }
    running = query;
    useSearchStore.getState().setPending(true);
    const current = () => sendableQuery(useSearchStore.getState().query);
    link
      .call('mail.search', { query, limit: SEARCH_LIMIT })
      .then(
        ({ hits, cut }) => {
          // Drawn now, in the task the answer came in, not in one React would schedule after
          // the frame already on its way: the results are in that frame (search-as-you-type).
          if (current() === query)
            flushSync(() => useSearchStore.getState().setAnswer({ query, hits, cut }));
        },
        (error: unknown) => {
          if (current() === query) useSearchStore.getState().setError(messageOf(error));
        },
      )
      .finally(() => {
        running = null;
        const waiting = next;
        next = null;
        if (waiting !== null && waiting === current()) ask(waiting);
        else useSearchStore.getState().setPending(false);
      });
  };

  const askTyped = () => {
    const query = sendableQuery(useSearchStore.getState().query);
    if (query === null) {
      next = null;
      useSearchStore.getState().clear();
      return;
    }
    ask(query);
  };

  const unsubscribeStore = useSearchStore.subscribe((state, previous) => {
    if (sendableQuery(state.query) !== sendableQuery(previous.query)) askTyped();
  });
  const refresh = () => {
    if (useSearchStore.getState().answer) askTyped();
  };
  return stopAll([
    unsubscribeStore,
    onEvents(link, ['conversations.changed'], refresh),
    onReconnect(link, refresh),
  ]);
}

/** Opens a result: its conversation opens in the reading pane, and search closes. */
export function openSearchResult(conversationId: string): void {
  useConversationsStore.getState().open(conversationId);
  useUiStore.getState().closeOverlay();
}
