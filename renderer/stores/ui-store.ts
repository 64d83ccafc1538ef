import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** What is open over the panes (one at a time; Esc closes it). */
export type Overlay = 'search' | 'palette' | 'shortcuts' | 'settings' | 'compose' | null;

export interface UiState {
  /** 'system' follows the operating system's light or dark setting. */
  theme: Theme;
  rightPanelOpen: boolean;
  overlay: Overlay;
  setTheme: (theme: Theme) => void;
  toggleRightPanel: () => void;
  openOverlay: (overlay: Exclude<Overlay, null>) => void;
  closeOverlay: () => void;
}

/** The window's own state: theme, panels, overlays. Kept on this device (theme and panel only). */
export const useUiStore = create<UiState>()(
  persist(
    (set) => ({
      theme: 'system',
      rightPanelOpen: false,
      overlay: null,
      setTheme: (theme) => set({ theme }),
      toggleRightPanel: () => set((s) => ({ rightPanelOpen: !s.rightPanelOpen })),
      openOverlay: (overlay) => set({ overlay }),
      closeOverlay: () => set({ overlay: null }),
    }),
    {
      name: 'switchboard.ui',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ theme: s.theme, rightPanelOpen: s.rightPanelOpen }),
    },
  ),
);
