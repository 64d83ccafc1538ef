import type { ReactNode } from 'react';
import './pane-header.css';

export interface PaneHeaderProps {
  /** The pane's heading; it also names the pane (aria-labelledby). */
  title: ReactNode;
  titleId: string;
  /** Beside the title, muted: a count, a mailbox. */
  meta?: ReactNode;
  /** Buttons at the right end. */
  actions?: ReactNode;
  level?: 1 | 2;
}

/** The bar at the top of a pane: the same height in every pane, so their lines meet. */
export function PaneHeader({ title, titleId, meta, actions, level = 2 }: PaneHeaderProps) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <header className="pane-header">
      <Heading id={titleId} className="pane-header__title">
        {title}
      </Heading>
      {meta ? <span className="pane-header__meta">{meta}</span> : null}
      {actions ? <div className="pane-header__actions">{actions}</div> : null}
    </header>
  );
}
