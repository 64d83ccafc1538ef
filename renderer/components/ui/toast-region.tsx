import { useEffect, useState } from 'react';
import { CheckCircle2, CircleAlert, Info, X } from 'lucide-react';
import { cx } from './class-names.js';
import { IconButton } from './icon-button.js';
import './toast.css';

export type ToastTone = 'info' | 'success' | 'danger';

export interface ToastItem {
  id: string;
  title: string;
  description?: string;
  tone?: ToastTone;
  /** One action on the toast: "Undo" for the undo-send toast. */
  action?: { label: string; onAction: () => void };
  /** How long it stays, in ms; null stays until dismissed. */
  durationMs?: number | null;
}

export interface ToastRegionProps {
  toasts: readonly ToastItem[];
  onDismiss: (id: string) => void;
}

const DEFAULT_DURATION_MS = 5000;

/**
 * The one live region that notifications and toasts are read out from (role="status", issue 11's
 * accessibility contract). It is always in the page, empty or not: a live region that appears
 * together with its text is not reliably announced.
 */
export function ToastRegion({ toasts, onDismiss }: ToastRegionProps) {
  return (
    <div role="status" aria-label="Notifications" className="ui-toast-region">
      <ol className="ui-toast-region__list">
        {toasts.map((toast) => (
          <Toast key={toast.id} toast={toast} onDismiss={onDismiss} />
        ))}
      </ol>
    </div>
  );
}

const TONE_ICONS = { info: Info, success: CheckCircle2, danger: CircleAlert } as const;

function Toast({ toast, onDismiss }: { toast: ToastItem; onDismiss: (id: string) => void }) {
  const [paused, setPaused] = useState(false);
  const duration = toast.durationMs === undefined ? DEFAULT_DURATION_MS : toast.durationMs;
  useEffect(() => {
    // Hovering or focusing a toast holds it: nobody should lose an Undo while reaching for it.
    if (duration === null || paused) return;
    const timer = window.setTimeout(() => onDismiss(toast.id), duration);
    return () => window.clearTimeout(timer);
  }, [duration, paused, onDismiss, toast.id]);
  const tone = toast.tone ?? 'info';
  const Icon = TONE_ICONS[tone];
  return (
    <li
      className={cx('ui-toast', `ui-toast--${tone}`)}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <Icon className="ui-toast__icon" aria-hidden="true" />
      <div className="ui-toast__text">
        <p className="ui-toast__title">{toast.title}</p>
        {toast.description ? <p className="ui-toast__description">{toast.description}</p> : null}
      </div>
      {toast.action ? (
        <button
          type="button"
          className="ui-toast__action"
          onClick={() => {
            toast.action?.onAction();
            onDismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <IconButton
        label={`Dismiss: ${toast.title}`}
        icon={<X />}
        size="sm"
        className="ui-toast__close"
        onClick={() => onDismiss(toast.id)}
      />
    </li>
  );
}
