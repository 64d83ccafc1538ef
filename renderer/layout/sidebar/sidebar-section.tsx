import { useId } from 'react';
import type { ReactNode } from 'react';
import { Skeleton } from '../../components/ui/skeleton.js';
import type { LoadState } from '../../stores/load-state.js';

export interface SidebarSectionProps {
  title: string;
  load: LoadState;
  isEmpty: boolean;
  /** One muted line when there is nothing: what would be here. */
  emptyText: string;
  /** Rows while loading, about as many as usually come, so the sidebar holds still. */
  placeholderRows?: number;
  /** 'navigation' when its rows select what the list shows; a plain group otherwise. */
  landmark?: 'navigation' | 'group';
  children: ReactNode;
}

/** A titled part of the sidebar (Mailboxes, Tags, Teammates) with its loading and empty states. */
export function SidebarSection({
  title,
  load,
  isEmpty,
  emptyText,
  placeholderRows = 3,
  landmark = 'group',
  children,
}: SidebarSectionProps) {
  const titleId = useId();
  const Element = landmark === 'navigation' ? 'nav' : 'section';
  return (
    <Element className="sidebar-section" aria-labelledby={titleId}>
      <h2 id={titleId} className="sidebar-section__title">
        {title}
      </h2>
      {load.status === 'loading' ? (
        <div className="sidebar-section__placeholder" aria-busy="true">
          {Array.from({ length: placeholderRows }, (_, i) => (
            <div key={i} className="sidebar-section__placeholder-row">
              <Skeleton shape="block" width="1rem" height="1rem" />
              <Skeleton width={`${[58, 44, 66, 50][i % 4]}%`} />
            </div>
          ))}
        </div>
      ) : load.status === 'error' ? (
        <p className="sidebar-section__empty">{load.message}</p>
      ) : isEmpty ? (
        <p className="sidebar-section__empty">{emptyText}</p>
      ) : (
        children
      )}
    </Element>
  );
}
