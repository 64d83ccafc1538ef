import type { SyncStatus } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';
import type { LinkState } from '../transport/index.js';
import { useConnectionStore, type ConnectionStatus } from '../stores/connection-store.js';
import { onEvents, onReconnect, stopAll } from './link-events.js';

/** The team server's state as the app tells it (sync.status, then connection.changed). */
type TeamState = SyncStatus['team'] | 'auth-failed';

/**
 * What "Connection" says: Offline while the page cannot reach the app, or the app cannot reach
 * its team server (or the server refuses its token: its changes wait); Online otherwise, also
 * without a team server (a solo workspace has nobody to be offline from).
 */
export function connectionStatus(link: LinkState, team: TeamState | null): ConnectionStatus {
  if (link !== 'online') return link;
  if (team === null) return 'connecting';
  return team === 'offline' || team === 'token-refused' ? 'offline' : 'online';
}

/** Keeps the Connection indicator: the link's state, and the team server's as the app tells. */
export function startConnectionBridge(link: AppLink): () => void {
  let team: TeamState | null = null;
  const show = () => useConnectionStore.getState().setStatus(connectionStatus(link.state, team));

  const ask = async () => {
    try {
      team = (await link.call('sync.status')).team;
    } catch {
      // The link's own state says it all; asked again when it is back.
    }
    show();
  };

  show();
  void ask();
  return stopAll([
    link.onState(show),
    onReconnect(link, () => void ask()),
    onEvents(link, ['connection.changed'], (event) => {
      if (event.target !== 'team') return;
      team = event.state;
      show();
    }),
  ]);
}
