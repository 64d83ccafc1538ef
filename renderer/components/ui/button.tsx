import type { ComponentProps, ReactNode } from 'react';
import { cx } from './class-names.js';
import { Spinner } from './spinner.js';
import './button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends ComponentProps<'button'> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md' | 'lg';
  /** A leading icon (decorative: the label names the button). */
  icon?: ReactNode;
  /** A trailing hint, such as a <Kbd> for the action's shortcut. */
  trailing?: ReactNode;
  /** Working: the button keeps its size (no layout shift) and shows a spinner over its label. */
  busy?: boolean;
}

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  trailing,
  busy = false,
  type = 'button',
  className,
  children,
  disabled,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={cx('ui-button', `ui-button--${variant}`, `ui-button--${size}`, className)}
      data-busy={busy || undefined}
      aria-busy={busy || undefined}
      disabled={disabled || busy}
      {...rest}
    >
      {icon ? (
        <span className="ui-button__icon" aria-hidden="true">
          {icon}
        </span>
      ) : null}
      <span className="ui-button__label">{children}</span>
      {trailing ? <span className="ui-button__trailing">{trailing}</span> : null}
      {busy ? <Spinner className="ui-button__spinner" size="sm" label={null} /> : null}
    </button>
  );
}
