import { create } from 'zustand';
import type { MessageContent } from '../../src/app/index.js';

/** Where a message's full content is: asked, there, or refused with the app's reason. */
export type MessageContentLoad =
  | { status: 'loading' }
  | { status: 'ready'; content: MessageContent }
  | { status: 'failed'; message: string };

export interface MessageContentState {
  /** By message id (ConversationMessage.id): a message's content never changes. */
  contents: Readonly<Record<number, MessageContentLoad>>;
  setLoading: (id: number) => void;
  setContent: (content: MessageContent) => void;
  setFailed: (id: number, message: string) => void;
  /** The failed ones forgotten, to be asked again (the link is back). */
  forgetFailed: () => void;
  /** Everything forgotten (another conversation opens). */
  clear: () => void;
}

/** The open conversation's messages read in full (mail.message): their HTML. */
export const useMessageContentStore = create<MessageContentState>()((set) => ({
  contents: {},
  setLoading: (id) => set((s) => ({ contents: { ...s.contents, [id]: { status: 'loading' } } })),
  setContent: (content) =>
    set((s) => ({ contents: { ...s.contents, [content.id]: { status: 'ready', content } } })),
  setFailed: (id, message) =>
    set((s) => ({ contents: { ...s.contents, [id]: { status: 'failed', message } } })),
  forgetFailed: () =>
    set((s) => ({
      contents: Object.fromEntries(
        Object.entries(s.contents).filter(([, load]) => load.status !== 'failed'),
      ),
    })),
  clear: () => set({ contents: {} }),
}));
