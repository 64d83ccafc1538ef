import { create } from 'zustand';
import type { ConversationListItem } from '../../src/app/index.js';
import { ListRows } from '../model/list-rows.js';
import { LOADING, READY, type LoadState } from './load-state.js';

/** Rows of the list in view: [start, end), by position. */
export interface RowRange {
  start: number;
  end: number;
}

export interface ConversationsState {
  load: LoadState;
  /**
   * The current view's conversations by position, as many as it holds (its total): the ones
   * loaded so far, as the contract lists them, and holes for the rest.
   */
  items: ListRows;
  /** The rows the list shows now: the pages it needs are asked for (conversations-bridge). */
  visible: RowRange;
  /** The list's cursor (j/k): the row actions apply to when nothing is open. */
  selectedId: string | null;
  /** The conversation open in the reading pane (Enter/o; u closes it). */
  openId: string | null;
  /**
   * The list as it is now. The cursor stays on its conversation while it is listed; when it
   * leaves, the cursor takes the row that came to its place (the next one), as an inbox does.
   */
  setItems: (items: ListRows | readonly ConversationListItem[]) => void;
  setVisible: (range: RowRange) => void;
  setLoading: () => void;
  setFailed: (message: string) => void;
  select: (id: string | null) => void;
  open: (id: string | null) => void;
}

/** The conversation list of the view shown, its cursor and the conversation open. */
export const useConversationsStore = create<ConversationsState>()((set) => ({
  load: LOADING,
  items: ListRows.EMPTY,
  visible: { start: 0, end: 0 },
  selectedId: null,
  openId: null,
  setItems: (given) => {
    const items = given instanceof ListRows ? given : ListRows.of(given);
    set((s) => ({ items, load: READY, selectedId: cursorAfter(s.items, items, s.selectedId) }));
  },
  setVisible: (visible) =>
    set((s) =>
      s.visible.start === visible.start && s.visible.end === visible.end ? s : { visible },
    ),
  setLoading: () => set({ load: LOADING }),
  setFailed: (message) => set({ load: { status: 'error', message } }),
  select: (selectedId) => set({ selectedId }),
  // The cursor follows what opens from the list; one opened from elsewhere (a notification) is
  // not in it, and the cursor stays.
  open: (openId) =>
    set((s) =>
      openId !== null && s.items.indexOf(openId) >= 0 ? { openId, selectedId: openId } : { openId },
    ),
}));

function cursorAfter(before: ListRows, after: ListRows, selectedId: string | null): string | null {
  if (after.length === 0) return null;
  const first = after.firstLoaded();
  // No row loaded yet (its page is on its way): the cursor waits where it was.
  if (!first) return selectedId;
  if (selectedId !== null && after.indexOf(selectedId) >= 0) return selectedId;
  const at = before.indexOf(selectedId);
  if (at < 0) return first.id;
  // The first of the rows that followed it and are still listed, else the last row loaded.
  for (const [index, item] of before.loaded())
    if (index > at && after.indexOf(item.id) >= 0) return item.id;
  return after.lastLoaded()!.id;
}
