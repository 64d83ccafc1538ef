import { create } from 'zustand';
import type { DraftRecipient } from '../../src/app/index.js';
import type { PendingFile } from '../model/pending-file.js';

/** A new message's fields: what the New message window holds until it is sent or discarded. */
export interface NewMessageFields {
  /** The shared mailbox it goes from (an account's id); null: the first one. */
  account: string | null;
  to: DraftRecipient[];
  cc: DraftRecipient[];
  bcc: DraftRecipient[];
  subject: string;
  text: string;
  attachments: PendingFile[];
}

export type NewMessageSeed = Partial<NewMessageFields>;

export interface NewMessageState extends NewMessageFields {
  /** Counts startings: an editor made for one message's text is not reused for the next. */
  opening: number;
  sending: boolean;
  /** What went wrong with the last send, in the app's words. */
  error: string | null;
  /** Starts a message with `seed` (a mailto: link's fields, a send undone), over any other. */
  start: (seed?: NewMessageSeed) => void;
  setFields: (fields: Partial<NewMessageFields>) => void;
  addAttachments: (files: PendingFile[]) => void;
  removeAttachment: (id: string) => void;
  setSending: (sending: boolean) => void;
  setError: (error: string | null) => void;
  /** Forgets the message (sent, or discarded). */
  clear: () => void;
}

const empty = (): NewMessageFields => ({
  account: null,
  to: [],
  cc: [],
  bcc: [],
  subject: '',
  text: '',
  attachments: [],
});

/**
 * The new message being written (not a reply: a conversation of its own). Closing its window
 * keeps it, as mail apps keep an unsent message; sending or discarding forgets it.
 */
export const useNewMessageStore = create<NewMessageState>()((set) => ({
  ...empty(),
  opening: 0,
  sending: false,
  error: null,
  start: (seed = {}) =>
    set((s) => ({ ...empty(), ...seed, opening: s.opening + 1, sending: false, error: null })),
  setFields: (fields) => set({ ...fields, error: null }),
  addAttachments: (files) => set((s) => ({ attachments: [...s.attachments, ...files] })),
  removeAttachment: (id) => set((s) => ({ attachments: s.attachments.filter((f) => f.id !== id) })),
  setSending: (sending) => set({ sending }),
  setError: (error) => set({ error }),
  clear: () => set((s) => ({ ...empty(), opening: s.opening + 1, sending: false, error: null })),
}));

/** Whether anything was written (a window closed on it keeps it; an empty one starts afresh). */
export const hasContent = (fields: NewMessageFields): boolean =>
  fields.to.length + fields.cc.length + fields.bcc.length + fields.attachments.length > 0 ||
  fields.subject.trim() !== '' ||
  fields.text.trim() !== '';
