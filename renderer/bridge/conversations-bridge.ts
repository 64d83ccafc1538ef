import type { ConversationListItem } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import {
  LIST_LIMIT,
  matchesFilter,
  selectionFilter,
  selectionKey,
  type ListFilter,
} from '../model/view-filters.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useViewsStore, type SidebarSelection } from '../stores/views-store.js';
import { useWorkspaceStore } from '../stores/workspace-store.js';
import { isUnreachable, messageOf, onEvents, onReconnect, stopAll } from './link-events.js';
import { mentionsList } from './mentions.js';
import { withChanges, type OptimisticChanges } from './optimistic-changes.js';
import { createReloader } from './reloader.js';

/** A burst of changes (a sync's batch, a teammate's triage) is one reload of the list. */
const RELOAD_DEBOUNCE_MS = 120;

/** Lists kept for views visited lately: going back shows one at once while it reloads. */
const CACHED_LISTS = 8;

interface Listed {
  key: string;
  items: ConversationListItem[];
  /** The mark of the load that listed them (OptimisticChanges.begin). */
  mark: number;
}

export interface ConversationsBridgeOptions {
  link: AppLink;
  changes: OptimisticChanges;
  /** Every list loaded here (what notifications compare a change with). */
  listed?: (items: readonly ConversationListItem[]) => void;
}

/**
 * The conversation list of what the sidebar has selected: loaded when the selection changes
 * (a list seen lately shows at once from memory while it loads), loaded again, a burst at a
 * time, when conversations change, and with the changes made here shown on it at once.
 */
export function startConversationsBridge({
  link,
  changes,
  listed,
}: ConversationsBridgeOptions): () => void {
  const cache = new Map<string, Listed>();
  /** What the app last listed for the selection shown, and the mark of that load. */
  let shown: Listed | null = null;

  const filterOf = (selection: SidebarSelection) =>
    selectionFilter(
      selection,
      (id) => useWorkspaceStore.getState().tags.find((tag) => tag.id === id)?.name,
    );

  /** The list as the page shows it: the app's, with the changes made here since. */
  const show = () => {
    if (!shown) return;
    const pending = changes.pending(shown.mark);
    const filter = filterOf(useViewsStore.getState().selected);
    const me = useWorkspaceStore.getState().me.email;
    const changed = new Set(pending.map((change) => change.conversationId));
    let items = withChanges(shown.items, pending);
    // Only what changed here is judged: the rest is as the app listed it.
    if (typeof filter === 'object')
      items = items.filter((item) => !changed.has(item.id) || matchesFilter(item, filter, me));
    useConversationsStore.getState().setItems(items);
  };

  const fetchList = (filter: ListFilter | 'mentions', me: string) =>
    filter === 'mentions'
      ? mentionsList(link, me, LIST_LIMIT)
      : link.call('mail.conversations', { ...filter, limit: LIST_LIMIT });

  const load = async () => {
    const selection = useViewsStore.getState().selected;
    const key = selectionKey(selection);
    const filter = filterOf(selection);
    const me = useWorkspaceStore.getState().me.email;
    // A tag's name, or who "me" is for Mentions, comes with the workspace: loaded then.
    if (filter === undefined || (filter === 'mentions' && !me)) return;
    const mark = changes.begin();
    try {
      const items = await fetchList(filter, me);
      listed?.(items);
      const entry = { key, items, mark };
      cache.delete(key);
      cache.set(key, entry);
      if (cache.size > CACHED_LISTS) cache.delete(cache.keys().next().value!);
      // The selection moved on while this ran: its own load follows (the reloader's rerun).
      if (selectionKey(useViewsStore.getState().selected) !== key) return;
      shown = entry;
      changes.loaded('list', mark);
      show();
    } catch (error) {
      if (selectionKey(useViewsStore.getState().selected) !== key) return;
      // Unreachable: the list stays as it is (loading, or the last one), loaded again when the
      // link is back; the Connection indicator says why.
      if (!isUnreachable(error)) useConversationsStore.getState().setFailed(messageOf(error));
    }
  };

  const reloader = createReloader(load, RELOAD_DEBOUNCE_MS);

  const selected = (selection: SidebarSelection) => {
    // Another list: its cursor starts on its first row (not where the last list's was).
    useConversationsStore.getState().select(null);
    shown = cache.get(selectionKey(selection)) ?? null;
    if (shown) {
      show();
    } else {
      shown = null;
      useConversationsStore.getState().setLoading();
    }
    reloader.now();
  };

  reloader.now();
  return stopAll([
    reloader.stop,
    onReconnect(link, reloader.now),
    onEvents(link, ['conversations.changed', 'accounts.changed', 'team.directory'], reloader.soon),
    changes.onChange(show),
    useViewsStore.subscribe((state, before) => {
      if (selectionKey(state.selected) !== selectionKey(before.selected)) selected(state.selected);
    }),
    // The workspace brings tag names and who "me" is: a list that needs them loads again.
    useWorkspaceStore.subscribe((state, before) => {
      const selection = useViewsStore.getState().selected;
      const needs =
        selection.kind === 'tag' || (selection.kind === 'view' && selection.id === 'mentions');
      if (needs && (state.me.email !== before.me.email || state.tags !== before.tags))
        reloader.now();
    }),
  ]);
}
