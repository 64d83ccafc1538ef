import { create } from 'zustand';
import type { CannedInfo, DraftRecipient, DraftView } from '../../src/app/index.js';
import type { PendingFile } from '../model/pending-file.js';
import { LOADING, READY, type LoadState } from './load-state.js';

/** What the composer writes (issue 11's keys: r, R, f, n). */
export const COMPOSER_MODES = ['reply', 'reply-all', 'forward', 'note'] as const;
export type ComposerMode = (typeof COMPOSER_MODES)[number];

/** Reply and reply-all write the conversation's shared draft; forward and note their own text. */
export const writesSharedDraft = (mode: ComposerMode): boolean =>
  mode === 'reply' || mode === 'reply-all';

export const RECIPIENT_KINDS = ['to', 'cc', 'bcc'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export interface ComposerTarget {
  conversationId: string;
  mode: ComposerMode;
}

/** The shared draft's envelope as the app last told it (its text lives in the editor). */
export type DraftEnvelope = Pick<DraftView, 'to' | 'cc' | 'bcc' | 'subject' | 'editors'>;

export type { PendingFile } from '../model/pending-file.js';

export type ComposerSeed = Partial<Pick<ComposerState, 'forwardTo' | 'text' | 'attachments'>>;

export interface ComposerState {
  target: ComposerTarget | null;
  /** Counts openings: an editor bound to one opening's document is not reused for the next. */
  opening: number;
  load: LoadState;
  envelope: DraftEnvelope | null;
  /** A forward's recipients (a forward has no shared draft). */
  forwardTo: DraftRecipient[];
  /** A forward's or a note's text (a reply's is the shared draft's, in its editor). */
  text: string;
  attachments: PendingFile[];
  sending: boolean;
  /** What went wrong with the last action, in the app's words. */
  error: string | null;
  /** The team's canned responses, once asked for. */
  canned: CannedInfo[] | null;
  /**
   * From opening until the focus first lands (the editor's, or one the agent moves): what is
   * typed meanwhile is kept for the editor (`typedAhead`), not taken as the app's keys.
   */
  typingAhead: boolean;
  typedAhead: string;
  /** Opens a composer; `seed`: what it starts with (a send undone comes back). */
  open: (target: ComposerTarget, seed?: ComposerSeed) => void;
  setMode: (mode: ComposerMode) => void;
  setReady: () => void;
  setFailed: (message: string) => void;
  setEnvelope: (envelope: DraftEnvelope) => void;
  setRecipients: (kind: RecipientKind, list: DraftRecipient[]) => void;
  setSubject: (subject: string) => void;
  setForwardTo: (list: DraftRecipient[]) => void;
  setText: (text: string) => void;
  addAttachments: (files: PendingFile[]) => void;
  removeAttachment: (id: string) => void;
  setSending: (sending: boolean) => void;
  setError: (error: string | null) => void;
  setCanned: (canned: CannedInfo[]) => void;
  setTypingAhead: (typingAhead: boolean) => void;
  setTypedAhead: (text: string) => void;
  close: () => void;
}

/** A composer's fields when none is open (new arrays each time: a store never shares them). */
const closed = () => ({
  target: null,
  load: LOADING,
  envelope: null,
  forwardTo: [],
  text: '',
  attachments: [],
  sending: false,
  error: null,
  typingAhead: true,
  typedAhead: '',
});

/** The one composer on screen: which conversation, what it writes, and its fields. */
export const useComposerStore = create<ComposerState>()((set) => ({
  ...closed(),
  opening: 0,
  canned: null,
  open: (target, seed = {}) =>
    set((s) => ({ ...closed(), ...seed, target, opening: s.opening + 1 })),
  setMode: (mode) => set((s) => (s.target ? { target: { ...s.target, mode }, error: null } : {})),
  setReady: () => set({ load: READY }),
  setFailed: (message) => set({ load: { status: 'error', message } }),
  setEnvelope: (envelope) => set({ envelope }),
  setRecipients: (kind, list) =>
    set((s) => (s.envelope ? { envelope: { ...s.envelope, [kind]: list } } : {})),
  setSubject: (subject) => set((s) => (s.envelope ? { envelope: { ...s.envelope, subject } } : {})),
  setForwardTo: (forwardTo) => set({ forwardTo }),
  setText: (text) => set({ text }),
  addAttachments: (files) => set((s) => ({ attachments: [...s.attachments, ...files] })),
  removeAttachment: (id) => set((s) => ({ attachments: s.attachments.filter((f) => f.id !== id) })),
  setSending: (sending) => set({ sending }),
  setError: (error) => set({ error }),
  setCanned: (canned) => set({ canned }),
  setTypingAhead: (typingAhead) => set({ typingAhead }),
  setTypedAhead: (typedAhead) => set({ typedAhead }),
  close: () => set(closed()),
}));
