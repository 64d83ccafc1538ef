import { create } from 'zustand';
import type {
  Actor,
  CannedInfo,
  MethodOutput,
  SignatureInfo,
  TagInfo,
  TeamMember,
} from '../../src/app/index.js';
import { LOADING, READY, type LoadState } from './load-state.js';

export type TeamStatus = MethodOutput<'team.status'>;

export interface SettingsData {
  /** Who this app acts as (its role decides what it may change). */
  actor: Actor;
  /** null while the team server is asked (it may take a moment to answer, or not at all). */
  team: TeamStatus | null;
  members: TeamMember[];
  tags: TagInfo[];
  canned: CannedInfo[];
  signatures: SignatureInfo[];
}

export interface SettingsState {
  load: LoadState;
  data: SettingsData | null;
  /** Why the team's status could not be had (the rest of the settings still show). */
  teamError: string | null;
  setData: (data: SettingsData) => void;
  /** One part again, after a change (the rest stays as it is). */
  patch: (part: Partial<SettingsData>) => void;
  setFailed: (message: string) => void;
  setTeamError: (message: string) => void;
}

/** What the settings show besides the accounts: the team, its members, tags and texts. */
export const useSettingsStore = create<SettingsState>()((set) => ({
  load: LOADING,
  data: null,
  teamError: null,
  setData: (data) => set({ data, load: READY }),
  patch: (part) => set((s) => (s.data ? { data: { ...s.data, ...part }, teamError: null } : {})),
  setFailed: (message) => set({ load: { status: 'error', message } }),
  setTeamError: (teamError) => set({ teamError }),
}));
