import type { ComponentProps, ReactNode } from 'react';
import { cx } from './class-names.js';
import './button.css';

export interface IconButtonProps extends Omit<ComponentProps<'button'>, 'aria-label' | 'children'> {
  /** The button's accessible name (an icon alone says nothing to a screen reader). */
  label: string;
  icon: ReactNode;
  /** The action's shortcut, added to the tooltip: "Search (/)". */
  shortcut?: string;
  variant?: 'ghost' | 'secondary';
  size?: 'sm' | 'md';
}

/** A square button showing only an icon; its name is the label, its tooltip the label and key. */
export function IconButton({
  label,
  icon,
  shortcut,
  variant = 'ghost',
  size = 'md',
  type = 'button',
  className,
  title,
  ...rest
}: IconButtonProps) {
  return (
    <button
      type={type}
      aria-label={label}
      title={title ?? (shortcut ? `${label} (${shortcut})` : label)}
      className={cx(
        'ui-button',
        'ui-icon-button',
        `ui-button--${variant}`,
        `ui-icon-button--${size}`,
        className,
      )}
      {...rest}
    >
      <span className="ui-button__icon" aria-hidden="true">
        {icon}
      </span>
    </button>
  );
}
