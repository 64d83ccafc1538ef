import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { X } from 'lucide-react';
import { cx } from './class-names.js';
import { focusableIn, keepTabInside } from './focusable.js';
import { IconButton } from './icon-button.js';
import './dialog.css';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  /** The dialog's name (its heading). */
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  /** The buttons at the bottom, primary action last. */
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  className?: string;
}

/**
 * A modal dialog: named by its title, Esc and the backdrop close it, Tab stays inside, and focus
 * goes back where it was when it closes. Rendered in document.body, above the app.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  size = 'md',
  className,
}: DialogProps) {
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = panel.current;
    // The first control of the content (a field, else Cancel), not the close button before it.
    const close = root?.querySelector('.ui-dialog__close');
    if (root) (focusableIn(root).find((el) => el !== close) ?? root).focus();
    return () => previous?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    // On the document, not the panel: Esc closes also after a click left focus on the backdrop.
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onEscape);
    return () => document.removeEventListener('keydown', onEscape);
  }, [open, onClose]);

  if (!open) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Tab' && panel.current) keepTabInside(event, panel.current);
  };

  return createPortal(
    <div className="ui-dialog-layer">
      <div className="ui-dialog-backdrop" aria-hidden="true" onClick={onClose} />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        className={cx('ui-dialog', `ui-dialog--${size}`, className)}
        onKeyDown={onKeyDown}
      >
        <header className="ui-dialog__header">
          <h2 id={titleId} className="ui-dialog__title">
            {title}
          </h2>
          <IconButton label="Close" icon={<X />} className="ui-dialog__close" onClick={onClose} />
        </header>
        {description ? (
          <div id={descriptionId} className="ui-dialog__description">
            {description}
          </div>
        ) : null}
        {children ? <div className="ui-dialog__body">{children}</div> : null}
        {footer ? <footer className="ui-dialog__footer">{footer}</footer> : null}
      </div>
    </div>,
    document.body,
  );
}
