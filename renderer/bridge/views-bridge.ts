import type { ConversationCounts } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import { matchesFilter, VIEW_FILTERS } from '../model/view-filters.js';
import { VIEW_IDS } from '../model/views.js';
import { useViewsStore, type ViewCounts } from '../stores/views-store.js';
import { useWorkspaceStore } from '../stores/workspace-store.js';
import { onEvents, onReconnect, stopAll } from './link-events.js';
import type { OptimisticChanges } from './optimistic-changes.js';
import { createReloader } from './reloader.js';

/** Counts follow the mail and the team a little behind: a burst of changes is one recount. */
const RECOUNT_DEBOUNCE_MS = 400;

export interface ViewsBridgeOptions {
  link: AppLink;
  changes: OptimisticChanges;
}

/**
 * The sidebar's numbers: how many conversations each view holds and how many open ones are
 * unread, as the app counts them (`mail.counts`, in SQL, whatever the inbox's size), counted
 * again when conversations change, and moved at once by the changes made here (closing one moves
 * it from All open to Closed before the app says so).
 */
export function startViewsBridge({ link, changes }: ViewsBridgeOptions): () => void {
  /** The app's last counts, and the mark of the load that counted them. */
  let loaded: { counts: ConversationCounts; mark: number } | null = null;

  const show = () => {
    if (!loaded) return;
    const me = useWorkspaceStore.getState().me.email;
    const views: ViewCounts = { ...loaded.counts.views };
    for (const { before, after } of changes.pending(loaded.mark)) {
      // Not listed here when it changed: which views it left is not known; the recount says.
      if (!before) continue;
      for (const view of VIEW_IDS) {
        const delta =
          Number(matchesFilter(after, VIEW_FILTERS[view], me)) -
          Number(matchesFilter(before, VIEW_FILTERS[view], me));
        views[view] = (views[view] ?? 0) + delta;
      }
    }
    useViewsStore.getState().setCounts(views, loaded.counts.unread);
  };

  const load = async () => {
    const began = changes.begin();
    let counts: ConversationCounts;
    try {
      counts = await link.call('mail.counts', {});
    } catch {
      // Unreachable: counted again when the link is back. Another failure keeps the last
      // numbers: a count is a hint, and the list itself says what went wrong.
      return;
    }
    // A change made here while this counted may be in the numbers or not: moved by hand on
    // them, it could count twice. The numbers wait for a count that began after it was done.
    if (changes.pending(began).length > 0) {
      reloader.soon();
      return;
    }
    loaded = { counts, mark: began };
    changes.loaded('counts', began);
    show();
  };

  const reloader = createReloader(load, RECOUNT_DEBOUNCE_MS);
  reloader.now();
  let knownMe = useWorkspaceStore.getState().me.email;
  return stopAll([
    reloader.stop,
    onReconnect(link, reloader.now),
    onEvents(link, ['conversations.changed', 'accounts.changed', 'team.directory'], reloader.soon),
    changes.onChange(show),
    // Who "me" is decides how a change made here moves Mine.
    useWorkspaceStore.subscribe((state) => {
      if (state.me.email === knownMe) return;
      knownMe = state.me.email;
      show();
    }),
  ]);
}
