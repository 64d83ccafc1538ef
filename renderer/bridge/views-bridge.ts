import type { ConversationListItem } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import { FILTERED_VIEW_IDS, matchesFilter, VIEW_FILTERS } from '../model/view-filters.js';
import { useViewsStore, type ViewCounts } from '../stores/views-store.js';
import { useWorkspaceStore } from '../stores/workspace-store.js';
import { onEvents, onReconnect, stopAll } from './link-events.js';
import { mentioningNotes } from './mentions.js';
import type { OptimisticChanges } from './optimistic-changes.js';
import { createReloader } from './reloader.js';

/**
 * The most a view's count counts: the sidebar shows "999+" past 999, so 1000 tells it all and
 * keeps each count's answer small (the contract has no count method: a list is counted).
 */
export const COUNT_LIMIT = 1000;

/** Counts follow the mail and the team a little behind: a burst of changes is one recount. */
const RECOUNT_DEBOUNCE_MS = 400;

export interface ViewsBridgeOptions {
  link: AppLink;
  changes: OptimisticChanges;
  /** Every list loaded here (what notifications compare a change with). */
  listed?: (items: readonly ConversationListItem[]) => void;
}

/**
 * The sidebar's numbers: how many conversations each view holds, recounted when conversations
 * change, and adjusted at once by the changes made here (closing one moves it from All open to
 * Closed before the app says so).
 */
export function startViewsBridge({ link, changes, listed }: ViewsBridgeOptions): () => void {
  let loaded: ViewCounts | null = null;
  let mark = 0;

  const show = () => {
    if (!loaded) return;
    const me = useWorkspaceStore.getState().me.email;
    const counts: ViewCounts = { ...loaded };
    for (const change of changes.pending(mark)) {
      if (!change.before) continue;
      for (const view of FILTERED_VIEW_IDS) {
        const count = counts[view];
        // A count at the limit is "at least": one fewer is not known to be right.
        if (count === undefined || count >= COUNT_LIMIT) continue;
        const delta =
          Number(matchesFilter(change.after, VIEW_FILTERS[view], me)) -
          Number(matchesFilter(change.before, VIEW_FILTERS[view], me));
        counts[view] = Math.max(0, count + delta);
      }
    }
    useViewsStore.getState().setCounts(counts);
  };

  const load = async () => {
    const me = useWorkspaceStore.getState().me.email;
    const began = changes.begin();
    try {
      const lists = await Promise.all(
        FILTERED_VIEW_IDS.map((view) =>
          link.call('mail.conversations', { ...VIEW_FILTERS[view], limit: COUNT_LIMIT }),
        ),
      );
      const counts: ViewCounts = {};
      FILTERED_VIEW_IDS.forEach((view, i) => {
        counts[view] = lists[i]!.length;
        listed?.(lists[i]!);
      });
      // Mentions are of someone: counted once the app has said who this is.
      if (me) {
        const notes = await mentioningNotes(link, me, COUNT_LIMIT);
        counts.mentions = new Set(notes.map((note) => note.conversationId)).size;
      }
      loaded = counts;
      mark = began;
      changes.loaded('counts', began);
      show();
    } catch {
      // Unreachable: counted again when the link is back. Another failure keeps the last
      // numbers: a count is a hint, and the list itself says what went wrong.
    }
  };

  const reloader = createReloader(load, RECOUNT_DEBOUNCE_MS);
  reloader.now();
  let knownMe = useWorkspaceStore.getState().me.email;
  return stopAll([
    reloader.stop,
    onReconnect(link, reloader.now),
    onEvents(link, ['conversations.changed', 'accounts.changed'], reloader.soon),
    changes.onChange(show),
    // Who "me" is decides Mine and Mentions: counted again once the app says it.
    useWorkspaceStore.subscribe((state) => {
      if (state.me.email === knownMe) return;
      knownMe = state.me.email;
      reloader.now();
    }),
  ]);
}
