import { Skeleton } from '../../components/ui/skeleton.js';

export interface WorkspaceHeaderProps {
  /** The team's workspace; null when this app works alone (no team) or not yet known. */
  name: string | null;
  loading: boolean;
}

/** The sidebar's top: the workspace's mark and name. */
export function WorkspaceHeader({ name, loading }: WorkspaceHeaderProps) {
  const shown = name ?? 'Switchboard';
  return (
    <div className="workspace-header">
      <span className="workspace-header__mark" aria-hidden="true">
        {loading ? '' : (Array.from(shown)[0] ?? 'S').toUpperCase()}
      </span>
      {loading ? (
        <Skeleton width="6.5rem" height="0.75rem" />
      ) : (
        <span className="workspace-header__name">{shown}</span>
      )}
    </div>
  );
}
