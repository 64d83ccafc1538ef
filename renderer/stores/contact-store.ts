import { create } from 'zustand';
import type { SearchHit } from '../../src/app/index.js';
import { LOADING, READY, type LoadState } from './load-state.js';

/** The person a conversation is with: as their mail names them. */
export interface Contact {
  name: string;
  address: string;
}

export interface ContactState {
  /** The open conversation's contact; null when none is open (or it is only teammates). */
  contact: Contact | null;
  /** Their other conversations, best match first (mail.search by their address). */
  previous: SearchHit[];
  previousLoad: LoadState;
  /** Another contact: their earlier conversations are loading. */
  setContact: (contact: Contact | null) => void;
  setPrevious: (hits: SearchHit[]) => void;
  setPreviousFailed: (message: string) => void;
}

/** The right panel's contact and their previous conversations. */
export const useContactStore = create<ContactState>()((set) => ({
  contact: null,
  previous: [],
  previousLoad: READY,
  setContact: (contact) =>
    set({ contact, previous: [], previousLoad: contact === null ? READY : LOADING }),
  setPrevious: (previous) => set({ previous, previousLoad: READY }),
  setPreviousFailed: (message) => set({ previousLoad: { status: 'error', message } }),
}));
