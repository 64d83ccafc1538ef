import type { ConnectionStatus } from '../../stores/connection-store.js';

const WORDS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline',
};

const OFFLINE_HINT =
  'The team server cannot be reached: what you do is kept here and goes out when it is back';

/** The team server's state in words (issue 11: "Connection" says Online or Offline). */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  return (
    <div
      role="group"
      aria-label="Connection"
      className="connection"
      data-status={status}
      title={status === 'offline' ? OFFLINE_HINT : undefined}
    >
      <span className="connection__dot" aria-hidden="true" />
      <span>{WORDS[status]}</span>
    </div>
  );
}
