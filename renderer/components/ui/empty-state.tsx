import type { ReactNode } from 'react';
import { cx } from './class-names.js';
import './empty-state.css';

export interface EmptyStateProps {
  icon?: ReactNode;
  title: string;
  description?: ReactNode;
  /** What to do about it: a button or two. */
  actions?: ReactNode;
  /** A hint under the actions, such as the keys that get here. */
  hint?: ReactNode;
  className?: string;
}

/** What a pane says when it has nothing to show: what this place is for and how to fill it. */
export function EmptyState({
  icon,
  title,
  description,
  actions,
  hint,
  className,
}: EmptyStateProps) {
  return (
    <div className={cx('ui-empty', className)}>
      {icon ? (
        <div className="ui-empty__icon" aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <p className="ui-empty__title">{title}</p>
      {description ? <p className="ui-empty__description">{description}</p> : null}
      {actions ? <div className="ui-empty__actions">{actions}</div> : null}
      {hint ? <div className="ui-empty__hint">{hint}</div> : null}
    </div>
  );
}
