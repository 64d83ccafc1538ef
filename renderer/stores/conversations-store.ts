import { create } from 'zustand';
import type { ConversationListItem } from '../../src/app/index.js';
import { LOADING, READY, type LoadState } from './load-state.js';

export interface ConversationsState {
  load: LoadState;
  /** The current view's conversations, newest first, as the contract lists them. */
  items: ConversationListItem[];
  /** The list's cursor (j/k): the row actions apply to when nothing is open. */
  selectedId: string | null;
  /** The conversation open in the reading pane (Enter/o; u closes it). */
  openId: string | null;
  /**
   * The list as it is now. The cursor stays on its conversation while it is listed; when it
   * leaves, the cursor takes the row that came to its place (the next one), as an inbox does.
   */
  setItems: (items: ConversationListItem[]) => void;
  setLoading: () => void;
  setFailed: (message: string) => void;
  select: (id: string | null) => void;
  open: (id: string | null) => void;
}

/** The conversation list of the view shown, its cursor and the conversation open. */
export const useConversationsStore = create<ConversationsState>()((set) => ({
  load: LOADING,
  items: [],
  selectedId: null,
  openId: null,
  setItems: (items) =>
    set((s) => ({ items, load: READY, selectedId: cursorAfter(s.items, items, s.selectedId) })),
  setLoading: () => set({ load: LOADING }),
  setFailed: (message) => set({ load: { status: 'error', message } }),
  select: (selectedId) => set({ selectedId }),
  // The cursor follows what opens from the list; one opened from elsewhere (a notification) is
  // not in it, and the cursor stays.
  open: (openId) =>
    set((s) =>
      openId !== null && s.items.some((item) => item.id === openId)
        ? { openId, selectedId: openId }
        : { openId },
    ),
}));

function cursorAfter(
  before: readonly ConversationListItem[],
  after: readonly ConversationListItem[],
  selectedId: string | null,
): string | null {
  if (after.length === 0) return null;
  if (selectedId !== null && after.some((item) => item.id === selectedId)) return selectedId;
  const at = selectedId === null ? -1 : before.findIndex((item) => item.id === selectedId);
  if (at < 0) return after[0]!.id;
  // The first of the rows that followed it and are still listed, else the last row.
  const still = new Set(after.map((item) => item.id));
  const next = before.slice(at + 1).find((item) => still.has(item.id));
  return next?.id ?? after[after.length - 1]!.id;
}
