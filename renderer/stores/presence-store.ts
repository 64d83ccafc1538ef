import { create } from 'zustand';
import type { TeammatePresence } from '../../src/app/index.js';

export interface PresenceState {
  /** Teammates whose app is connected now, and what each is looking at or typing. */
  teammates: TeammatePresence[];
  setPresence: (teammates: TeammatePresence[]) => void;
}

export const usePresenceStore = create<PresenceState>()((set) => ({
  teammates: [],
  setPresence: (teammates) => set({ teammates }),
}));
