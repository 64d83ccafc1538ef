import { useId } from 'react';
import type { ReactNode } from 'react';
import { CircleAlert, Inbox } from 'lucide-react';
import { EmptyState } from '../components/ui/empty-state.js';
import type { LoadState } from '../stores/load-state.js';
import { ListSkeleton } from './list-skeleton.js';
import { PaneHeader } from './pane-header.js';
import './list-pane.css';

export interface ListPaneProps {
  /** The view's name: the pane's heading and its accessible name. */
  title: string;
  /** How many conversations the view holds; null while unknown. */
  count: number | null;
  load: LoadState;
  isEmpty: boolean;
  empty: { title: string; description: string };
  actions?: ReactNode;
  /** The list itself, shown once it is loaded and not empty. */
  children?: ReactNode;
}

/** The middle pane: the view's heading, then its conversations, a loading list, or why none. */
export function ListPane({ title, count, load, isEmpty, empty, actions, children }: ListPaneProps) {
  const titleId = useId();
  return (
    <section className="list-pane" aria-labelledby={titleId}>
      <PaneHeader
        level={1}
        title={title}
        titleId={titleId}
        meta={count === null ? null : formatCount(count)}
        actions={actions}
      />
      <div className="list-pane__body" aria-busy={load.status === 'loading' || undefined}>
        {load.status === 'loading' ? (
          <ListSkeleton />
        ) : load.status === 'error' ? (
          <EmptyState
            icon={<CircleAlert />}
            title="This list could not be loaded"
            description={load.message}
          />
        ) : isEmpty ? (
          <EmptyState icon={<Inbox />} title={empty.title} description={empty.description} />
        ) : (
          children
        )}
      </div>
    </section>
  );
}

function formatCount(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'conversation' : 'conversations'}`;
}
