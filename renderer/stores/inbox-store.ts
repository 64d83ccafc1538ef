import { create } from 'zustand';

/** The inbox's pickers: assign to a teammate, tag, snooze. */
export type PickerKind = 'assign' | 'tag' | 'snooze';

export interface InboxState {
  /** The picker open, and the conversation it acts on; null: none. */
  picker: { kind: PickerKind; conversationId: string } | null;
  openPicker: (kind: PickerKind, conversationId: string) => void;
  closePicker: () => void;
}

/** What the inbox has open over the list (one picker at a time; Esc closes it). */
export const useInboxStore = create<InboxState>()((set) => ({
  picker: null,
  openPicker: (kind, conversationId) => set({ picker: { kind, conversationId } }),
  closePicker: () => set({ picker: null }),
}));
