import { create } from 'zustand';
import type { AccountSummary, ConnectionTest } from '../../src/app/index.js';
import { LOADING, READY, type LoadState } from './load-state.js';

/** A connection test of one account: running, answered, or failed to run at all. */
export type ConnectionTestState =
  | { status: 'testing' }
  | { status: 'done'; result: ConnectionTest }
  | { status: 'error'; message: string };

export interface AccountsState {
  load: LoadState;
  /** The shared mailboxes this app syncs, in the order they were added. */
  accounts: AccountSummary[];
  /** The latest connection test of each account, by id. */
  tests: Record<string, ConnectionTestState>;
  setAccounts: (accounts: AccountSummary[]) => void;
  setFailed: (message: string) => void;
  setTest: (accountId: string, test: ConnectionTestState) => void;
}

/** The accounts (settings, and whether the first-run welcome shows). */
export const useAccountsStore = create<AccountsState>()((set) => ({
  load: LOADING,
  accounts: [],
  tests: {},
  setAccounts: (accounts) => set({ accounts, load: READY }),
  setFailed: (message) => set({ load: { status: 'error', message } }),
  setTest: (accountId, test) => set((s) => ({ tests: { ...s.tests, [accountId]: test } })),
}));
