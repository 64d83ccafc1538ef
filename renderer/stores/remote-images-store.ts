import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export interface RemoteImagesState {
  /** Senders (addresses, lower case) whose mail shows remote images without asking. */
  senders: string[];
  /** "Always for <sender>": remembered on this device. */
  allowSender: (address: string) => void;
  forgetSender: (address: string) => void;
}

/**
 * Whose remote images this reader allowed once and for all. A remote image tells its sender when
 * a mail was read, so each sender is trusted by the reader, on their own device (localStorage),
 * never for the team.
 */
export const useRemoteImagesStore = create<RemoteImagesState>()(
  persist(
    (set) => ({
      senders: [],
      allowSender: (address) =>
        set((s) => {
          const key = address.toLowerCase();
          return s.senders.includes(key) ? s : { senders: [...s.senders, key] };
        }),
      forgetSender: (address) =>
        set((s) => ({ senders: s.senders.filter((known) => known !== address.toLowerCase()) })),
    }),
    {
      name: 'switchboard.remote-images',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ senders: s.senders }),
    },
  ),
);
