import { create } from 'zustand';
import type { SearchCut, SearchHit } from '../../src/app/index.js';

/** What the app answered for one query. */
export interface SearchAnswer {
  query: string;
  hits: SearchHit[];
  cut: SearchCut;
}

export interface SearchState {
  /** What is typed in the search box. */
  query: string;
  /** The results on screen (those of an earlier query stay until the next answer: no flicker). */
  answer: SearchAnswer | null;
  /** A query is out and not answered yet. */
  pending: boolean;
  /** Why the query typed cannot be searched, in the app's words (a date that does not exist). */
  error: string | null;
  /** The highlighted result (keyboard), an index into answer.hits. */
  active: number;
  setQuery: (query: string) => void;
  setAnswer: (answer: SearchAnswer) => void;
  setPending: (pending: boolean) => void;
  setError: (message: string) => void;
  setActive: (index: number) => void;
  /** Nothing typed: no results, nothing out. */
  clear: () => void;
  /** Search closed: it opens again empty. */
  reset: () => void;
}

/** Search as you type: the query, its results, and which result the keyboard is on. */
export const useSearchStore = create<SearchState>()((set) => ({
  query: '',
  answer: null,
  pending: false,
  error: null,
  active: 0,
  setQuery: (query) => set({ query }),
  setAnswer: (answer) => set({ answer, error: null, active: 0 }),
  setPending: (pending) => set({ pending }),
  setError: (error) => set({ error, answer: null, active: 0 }),
  setActive: (active) => set({ active }),
  clear: () => set({ answer: null, pending: false, error: null, active: 0 }),
  reset: () => set({ query: '', answer: null, pending: false, error: null, active: 0 }),
}));
