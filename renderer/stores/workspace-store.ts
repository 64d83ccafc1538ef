import { create } from 'zustand';
import type { TagInfo, TeamMember } from '../../src/app/index.js';
import { LOADING, READY, type LoadState } from './load-state.js';

/** A shared mailbox in the sidebar: an account, with its inbox's unread count when known. */
export interface MailboxEntry {
  id: string;
  name: string;
  email: string;
  unread: number | null;
}

/** Who this app is signed in as (the contract's session.whoami, as the sidebar needs it). */
export interface Me {
  name: string;
  email: string;
}

export interface WorkspaceData {
  name: string | null;
  me: Me;
  mailboxes: MailboxEntry[];
  tags: TagInfo[];
  teammates: TeamMember[];
}

export interface WorkspaceState extends WorkspaceData {
  load: LoadState;
  setWorkspace: (data: WorkspaceData) => void;
  /** The shared mailboxes again (their unread counts change with the mail). */
  setMailboxes: (mailboxes: MailboxEntry[]) => void;
  setFailed: (message: string) => void;
}

/** The team's shape: who I am, the shared mailboxes, tags and teammates. */
export const useWorkspaceStore = create<WorkspaceState>()((set) => ({
  load: LOADING,
  name: null,
  me: { name: '', email: '' },
  mailboxes: [],
  tags: [],
  teammates: [],
  setWorkspace: (data) => set({ ...data, load: READY }),
  setMailboxes: (mailboxes) => set({ mailboxes }),
  setFailed: (message) => set({ load: { status: 'error', message } }),
}));
