import type { ConnectionStatus } from '../../stores/connection-store.js';

const WORDS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline',
};

/** The team server's state in words (issue 11: "Connection" says Online or Offline). */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  return (
    <div role="group" aria-label="Connection" className="connection" data-status={status}>
      <span className="connection__dot" aria-hidden="true" />
      <span>{WORDS[status]}</span>
    </div>
  );
}
