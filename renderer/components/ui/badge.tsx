import type { ReactNode } from 'react';
import { cx } from './class-names.js';
import './badge.css';

export type BadgeTone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'info';

export interface BadgeProps {
  tone?: BadgeTone;
  /** A small coloured dot before the text (a status's colour). */
  dot?: boolean;
  children: ReactNode;
  className?: string;
}

/** A short label on a soft tint: a status, a role, a state. */
export function Badge({ tone = 'neutral', dot = false, children, className }: BadgeProps) {
  return (
    <span className={cx('ui-badge', `ui-badge--${tone}`, className)}>
      {dot ? <span className="ui-badge__dot" aria-hidden="true" /> : null}
      {children}
    </span>
  );
}

export interface CountProps {
  value: number;
  /** Said to screen readers after the number: "3 unread". */
  unit: string;
  tone?: 'neutral' | 'accent';
  id?: string;
}

/** A number in a pill (unread, assigned to me); 1000 and more shown as "999+". */
export function Count({ value, unit, tone = 'neutral', id }: CountProps) {
  return (
    <span id={id} className={cx('ui-count', `ui-count--${tone}`)}>
      <span aria-hidden="true">{value > 999 ? '999+' : value}</span>
      <span className="visually-hidden">{`${value} ${unit}`}</span>
    </span>
  );
}
