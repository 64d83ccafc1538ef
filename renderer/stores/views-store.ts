import { create } from 'zustand';
import type { ViewId } from '../model/views.js';

export type ViewCounts = Partial<Record<ViewId, number>>;

/** What the sidebar has selected: a view of the inbox, one shared mailbox, or one tag. */
export type SidebarSelection =
  { kind: 'view'; id: ViewId } | { kind: 'mailbox'; id: string } | { kind: 'tag'; id: string };

export interface ViewsState {
  selected: SidebarSelection;
  /** Conversations per view; null until the first answer (the sidebar shows no number yet). */
  counts: ViewCounts | null;
  /** Open conversations with mail not read yet; null until the first answer. */
  unread: number | null;
  select: (selection: SidebarSelection) => void;
  setCounts: (counts: ViewCounts, unread: number) => void;
}

/** Which part of the inbox the list shows, and how many conversations each view holds. */
export const useViewsStore = create<ViewsState>()((set) => ({
  selected: { kind: 'view', id: 'unassigned' },
  counts: null,
  unread: null,
  select: (selected) => set({ selected }),
  setCounts: (counts, unread) => set({ counts, unread }),
}));
