import type { ConversationListItem } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import {
  FILTERED_VIEW_IDS,
  matchesFilter,
  VIEW_FILTERS,
  type FilteredViewId,
} from '../model/view-filters.js';
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
  /** What the app last listed for each view (by id), and the mentions' count. */
  let loaded: { views: Map<FilteredViewId, Set<string>>; mentions: number | undefined } | null =
    null;
  let mark = 0;

  // Counted as sets of ids, so that a change the app already holds (a load that began while
  // its call ran) is not counted twice.
  const show = () => {
    if (!loaded) return;
    const me = useWorkspaceStore.getState().me.email;
    const pending = changes.pending(mark);
    const counts: ViewCounts = {};
    for (const [view, listedIds] of loaded.views) {
      // A list at the limit is "at least": what a change does to it is not known.
      if (listedIds.size >= COUNT_LIMIT || pending.length === 0) {
        counts[view] = listedIds.size;
        continue;
      }
      const ids = new Set(listedIds);
      for (const change of pending) {
        if (matchesFilter(change.after, VIEW_FILTERS[view], me)) ids.add(change.conversationId);
        else ids.delete(change.conversationId);
      }
      counts[view] = ids.size;
    }
    if (loaded.mentions !== undefined) counts.mentions = loaded.mentions;
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
      const views = new Map<FilteredViewId, Set<string>>();
      FILTERED_VIEW_IDS.forEach((view, i) => {
        views.set(view, new Set(lists[i]!.map((item) => item.id)));
        listed?.(lists[i]!);
      });
      // Mentions are of someone: counted once the app has said who this is.
      const mentions = me
        ? new Set((await mentioningNotes(link, me, COUNT_LIMIT)).map((note) => note.conversationId))
            .size
        : undefined;
      loaded = { views, mentions };
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
