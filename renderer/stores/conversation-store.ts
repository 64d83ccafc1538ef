import { create } from 'zustand';
import type { ConversationView } from '../../src/app/index.js';
import { LOADING, READY, type LoadState } from './load-state.js';

export interface ConversationState {
  /** The conversation open in the reading pane (the list's selection), or null. */
  openId: string | null;
  load: LoadState;
  /**
   * It as the app last answered (mail.conversation); kept while the same conversation loads
   * again, so a reload never blanks the screen. Its `id` may differ from `openId` when the
   * conversation was merged into another.
   */
  view: ConversationView | null;
  /** Another conversation (or none) opens: nothing of the last one stays on screen. */
  open: (id: string | null) => void;
  setView: (view: ConversationView) => void;
  setFailed: (message: string) => void;
  /** Read on opening (as Front does): shown at once, the app's change event confirms it. */
  markRead: () => void;
}

/** The open conversation: its messages, notes and state. */
export const useConversationStore = create<ConversationState>()((set) => ({
  openId: null,
  load: READY,
  view: null,
  open: (openId) =>
    set((s) =>
      s.openId === openId ? s : { openId, view: null, load: openId === null ? READY : LOADING },
    ),
  setView: (view) => set({ view, load: READY }),
  setFailed: (message) => set({ load: { status: 'error', message } }),
  markRead: () =>
    set((s) =>
      s.view
        ? {
            view: {
              ...s.view,
              messages: s.view.messages.map((m) => (m.unread ? { ...m, unread: false } : m)),
            },
          }
        : s,
    ),
}));
