import { create } from 'zustand';
import type { ToastItem } from '../components/ui/toast-region.js';

export interface ToastState {
  toasts: ToastItem[];
  /** Shows a toast; returns its id (to dismiss it early, say when an undo window ends). */
  show: (toast: Omit<ToastItem, 'id'> & { id?: string }) => string;
  dismiss: (id: string) => void;
}

/** At most this many on screen: the oldest goes first. */
const MAX_TOASTS = 4;

let nextId = 0;

export const useToastStore = create<ToastState>()((set) => ({
  toasts: [],
  show: (toast) => {
    const id = toast.id ?? `toast-${++nextId}`;
    set((s) => ({
      toasts: [...s.toasts.filter((t) => t.id !== id), { ...toast, id }].slice(-MAX_TOASTS),
    }));
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));
