import { create } from 'zustand';
import type { OutboxItem } from '../../src/app/index.js';
import { LOADING, READY, type LoadState } from './load-state.js';

export interface OutboxState {
  load: LoadState;
  /** Every message of this app's outbox, newest first, as `outbox.list` gives them. */
  items: OutboxItem[];
  setItems: (items: OutboxItem[]) => void;
  setFailed: (message: string) => void;
}

/** This app's outbox: what waits, goes, went, or waits for its author (held, unknown). */
export const useOutboxStore = create<OutboxState>()((set) => ({
  load: LOADING,
  items: [],
  setItems: (items) => set({ items, load: READY }),
  setFailed: (message) => set({ load: { status: 'error', message } }),
}));
