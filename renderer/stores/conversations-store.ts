import { create } from 'zustand';
import type { ConversationListItem } from '../../src/app/index.js';
import { LOADING, READY, type LoadState } from './load-state.js';

export interface ConversationsState {
  load: LoadState;
  /** The current view's conversations, newest first, as the contract lists them. */
  items: ConversationListItem[];
  selectedId: string | null;
  setItems: (items: ConversationListItem[]) => void;
  setLoading: () => void;
  setFailed: (message: string) => void;
  select: (id: string | null) => void;
}

/** The conversation list of the view shown, and the one selected in it. */
export const useConversationsStore = create<ConversationsState>()((set) => ({
  load: LOADING,
  items: [],
  selectedId: null,
  setItems: (items) => set({ items, load: READY }),
  setLoading: () => set({ load: LOADING }),
  setFailed: (message) => set({ load: { status: 'error', message } }),
  select: (selectedId) => set({ selectedId }),
}));
