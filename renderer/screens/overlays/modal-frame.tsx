import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { cx } from '../../components/ui/class-names.js';
import { focusableIn, keepTabInside } from '../../components/ui/focusable.js';
import './modal-frame.css';

export interface ModalFrameProps {
  /** The dialog's accessible name (issue 11: "Command palette", "Search", "Settings"). */
  label: string;
  onClose: () => void;
  /** `top`: a panel near the top (search, palette, help); `full`: the whole window (settings). */
  placement?: 'top' | 'full';
  className?: string;
  children: ReactNode;
}

/**
 * The frame of every overlay: a modal dialog over the app, named, in document.body. Focus goes
 * to its first control (or one marked data-autofocus), Tab stays inside, Esc and the backdrop
 * close it, and focus goes back where it was.
 */
export function ModalFrame({
  label,
  onClose,
  placement = 'top',
  className,
  children,
}: ModalFrameProps) {
  const panel = useRef<HTMLDivElement>(null);
  // Where the focus was, read while rendering: an overlay's own layout effect (search selects
  // its query) may have moved it into the dialog before this component's effects run.
  const [previous] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );

  useEffect(() => {
    const root = panel.current;
    if (root) {
      const wanted = root.querySelector<HTMLElement>('[data-autofocus]');
      (wanted ?? focusableIn(root)[0] ?? root).focus();
    }
    return () => previous?.focus();
  }, [previous]);

  useEffect(() => {
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onEscape);
    return () => document.removeEventListener('keydown', onEscape);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Tab' && panel.current) keepTabInside(event, panel.current);
  };

  return createPortal(
    <div className={cx('modal-frame', `modal-frame--${placement}`)}>
      <div className="modal-frame__backdrop" aria-hidden="true" onClick={onClose} />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        tabIndex={-1}
        className={cx('modal-frame__panel', className)}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}
