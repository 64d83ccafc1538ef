import type { ReactNode } from 'react';
import { CircleAlert } from 'lucide-react';
import { EmptyState } from '../../components/ui/empty-state.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import type { LoadState } from '../../stores/load-state.js';

/** A section's content once loaded; placeholders of the same height before, or why not. */
export function SectionBody({ load, children }: { load: LoadState; children: ReactNode }) {
  if (load.status === 'loading')
    return (
      <div className="settings-section__body" aria-busy="true">
        {[0, 1].map((i) => (
          <div key={i} className="settings-card">
            <Skeleton width="40%" />
            <Skeleton width="70%" />
          </div>
        ))}
      </div>
    );
  if (load.status === 'error')
    return (
      <EmptyState
        icon={<CircleAlert />}
        title="This could not be loaded"
        description={load.message}
      />
    );
  return <div className="settings-section__body">{children}</div>;
}
