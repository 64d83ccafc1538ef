import type { ConversationListItem } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import {
  matchesFilter,
  selectionFilter,
  selectionKey,
  type ListFilter,
} from '../model/view-filters.js';
import { useConversationsStore } from '../stores/conversations-store.js';
import { useViewsStore, type SidebarSelection } from '../stores/views-store.js';
import { useWorkspaceStore } from '../stores/workspace-store.js';
import { isUnreachable, messageOf, onEvents, onReconnect, stopAll } from './link-events.js';
import {
  emptyPages,
  oldestMark,
  pageHolding,
  PAGE_SIZE,
  pagesFor,
  rowsOf,
  withPage,
  type ListedPages,
} from './list-pages.js';
import type { OptimisticChanges } from './optimistic-changes.js';
import { createReloader } from './reloader.js';

/** A burst of changes (a sync's batch, a teammate's triage) is one reload of the list. */
const RELOAD_DEBOUNCE_MS = 120;

/** Lists kept for views visited lately: going back shows one at once while it reloads. */
const CACHED_LISTS = 8;

/**
 * Pages asked for at a time: a fling through 100 000 rows asks for the pages where it stops, not
 * every page it passed (those asked meanwhile are asked again only if still in view).
 */
const PAGES_IN_FLIGHT = 3;

interface Listed extends ListedPages {
  key: string;
}

export interface ConversationsBridgeOptions {
  link: AppLink;
  changes: OptimisticChanges;
  /** Every list loaded here (what notifications compare a change with). */
  listed?: (items: readonly ConversationListItem[]) => void;
}

/**
 * The conversation list of what the sidebar has selected, loaded a page at a time: the first at
 * once, then the pages of the rows in view as the list scrolls (rows not loaded yet are holes the
 * list draws as placeholders). Loaded again, the pages in view, when conversations change (a
 * burst at a time); a list seen lately shows at once from memory while it loads; the changes made
 * here show on it at once.
 */
export function startConversationsBridge({
  link,
  changes,
  listed,
}: ConversationsBridgeOptions): () => void {
  const cache = new Map<string, Listed>();
  /** The list of the selection shown. */
  let shown: Listed = { key: '', ...emptyPages() };
  /** The pages asked for, by list key and page, with the ask's number (a later ask wins). */
  const inFlight = new Map<string, number>();
  let asks = 0;

  const filterOf = (selection: SidebarSelection) =>
    selectionFilter(
      selection,
      (id) => useWorkspaceStore.getState().tags.find((tag) => tag.id === id)?.name,
    );

  /** The view's count, kept by the views bridge with the changes made here. */
  const countOf = (selection: SidebarSelection) =>
    selection.kind === 'view'
      ? (useViewsStore.getState().counts?.[selection.id] ?? undefined)
      : undefined;

  /** Pages of `shown` that arrived out of view and are not in the list drawn yet. */
  const undrawn = new Set<number>();

  /** The list as the page shows it: the app's pages, with the changes made here since. */
  const show = () => {
    const selection = useViewsStore.getState().selected;
    if (shown.pages.size === 0 || shown.key !== selectionKey(selection)) return;
    undrawn.clear();
    const filter = filterOf(selection);
    const me = useWorkspaceStore.getState().me.email;
    const rows = rowsOf(shown, {
      pending: (mark) => changes.pending(mark),
      // Only what changed here is judged: the rest is as the app listed it.
      keeps: (item) => filter === undefined || matchesFilter(item, filter, me),
      count: countOf(selection),
    });
    useConversationsStore.getState().setItems(rows);
  };

  const remember = (entry: Listed) => {
    cache.delete(entry.key);
    cache.set(entry.key, entry);
    if (cache.size > CACHED_LISTS) cache.delete(cache.keys().next().value!);
  };

  /** Asks for one page of the selection's list; its answer replaces the page. */
  const loadPage = async (key: string, filter: ListFilter, page: number) => {
    const ask = ++asks;
    const flight = `${key}#${page}`;
    inFlight.set(flight, ask);
    const mark = changes.begin();
    let answered = false;
    try {
      const items = await link.call('mail.conversations', {
        ...filter,
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
      });
      answered = true;
      listed?.(items);
      if (inFlight.get(flight) !== ask) return; // Asked again since: that answer is newer.
      const base = cache.get(key) ?? (shown.key === key ? shown : { key, ...emptyPages() });
      // Pages are let go farthest from the rows in view (this page may be of a place passed),
      // never the cursor's.
      const around =
        shown.key === key
          ? {
              near: inView()[0],
              keep: pageHolding(base, useConversationsStore.getState().selectedId),
            }
          : {};
      const entry: Listed = { key, ...withPage(base, page, { items, mark }, around) };
      remember(entry);
      if (shown.key !== key) return; // The selection moved on: kept for when it is back.
      shown = entry;
      const oldest = oldestMark(entry);
      if (oldest !== undefined) changes.loaded('list', oldest);
      // A page of a place the list has scrolled past changes nothing drawn: the scrollbar dragged
      // through 100,000 rows leaves a trail of them, each a render of the list for nothing. It
      // is drawn when scrolled back to.
      if (inView().includes(page) || entry.end !== base.end) show();
      else undrawn.add(page);
    } catch (error) {
      if (shown.key !== key || shown.pages.size > 0) return;
      // Unreachable: the list stays as it is (loading, or the last one), loaded again when the
      // link is back; the Connection indicator says why.
      if (!isUnreachable(error)) useConversationsStore.getState().setFailed(messageOf(error));
    } finally {
      if (inFlight.get(flight) === ask) inFlight.delete(flight);
      // On to the next page in view, after an answer. After a failure the pages wait for the
      // link to be back or the next scroll: asking again at once would ask for ever.
      if (answered) pump();
    }
  };

  /** The selection's filter, once it can be asked (a tag's name comes with the workspace). */
  const currentFilter = (): ListFilter | undefined => filterOf(useViewsStore.getState().selected);

  /** The pages of the rows in view (and around them). */
  const inView = () => {
    const { visible, items } = useConversationsStore.getState();
    return pagesFor(visible, items.length);
  };

  /** Asks for the pages in view that are not loaded, a few at a time. */
  const pump = () => {
    const filter = currentFilter();
    if (!filter) return;
    const key = shown.key;
    for (const page of inView()) {
      if ([...inFlight.keys()].filter((k) => k.startsWith(`${key}#`)).length >= PAGES_IN_FLIGHT)
        return;
      if (shown.end !== null && page * PAGE_SIZE >= shown.end && page > 0) break;
      if (shown.pages.has(page) || inFlight.has(`${key}#${page}`)) continue;
      void loadPage(key, filter, page);
    }
  };

  /**
   * Loads the pages in view again (what changed may be on them); the pages out of view are let
   * go, to be asked for again when they come into view.
   */
  const reload = async () => {
    const filter = currentFilter();
    if (!filter) return;
    const key = shown.key;
    const wanted = inView();
    const kept = new Map([...shown.pages].filter(([page]) => wanted.includes(page)));
    shown = { ...shown, pages: kept };
    remember(shown);
    const loads = wanted
      .filter(
        (page) =>
          page === 0 || kept.has(page) || shown.end === null || page * PAGE_SIZE < shown.end,
      )
      .slice(0, PAGES_IN_FLIGHT)
      .map((page) => loadPage(key, filter, page));
    await Promise.all(loads);
  };

  const reloader = createReloader(reload, RELOAD_DEBOUNCE_MS);

  const selected = (selection: SidebarSelection) => {
    const key = selectionKey(selection);
    // Set first: what follows asks for pages of the list shown.
    shown = cache.get(key) ?? { key, ...emptyPages() };
    undrawn.clear();
    const list = useConversationsStore.getState();
    // Another list: its cursor starts on its first row (not where the last list's was).
    list.select(null);
    if (shown.pages.size > 0) show();
    else list.setLoading();
    list.setVisible({ start: 0, end: 0 });
    // A list seen lately is shown from memory and loaded again; a new one asks its first page.
    if (shown.pages.size > 0) reloader.now();
    else pump();
  };

  selected(useViewsStore.getState().selected);
  return stopAll([
    reloader.stop,
    onReconnect(link, reloader.now),
    onEvents(link, ['conversations.changed', 'accounts.changed', 'team.directory'], reloader.soon),
    changes.onChange(show),
    useViewsStore.subscribe((state, before) => {
      if (selectionKey(state.selected) !== selectionKey(before.selected)) selected(state.selected);
      else if (state.counts !== before.counts) show();
    }),
    useConversationsStore.subscribe((state, before) => {
      if (state.visible === before.visible) return;
      if (inView().some((page) => undrawn.has(page))) show();
      pump();
    }),
    // The workspace brings tag names: a tag's list loads then.
    useWorkspaceStore.subscribe((state, before) => {
      const selection = useViewsStore.getState().selected;
      if (selection.kind === 'tag' && state.tags !== before.tags) reloader.now();
    }),
  ]);
}
