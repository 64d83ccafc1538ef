import type { AppLink } from '../app-link.js';
import { afterFirstRows } from './after-first-rows.js';
import { startConnectionBridge } from './connection-bridge.js';
import { startConversationBridge } from './conversation-bridge.js';
import { startConversationsBridge } from './conversations-bridge.js';
import { startNotificationsBridge } from './notifications-bridge.js';
import { OptimisticChanges } from './optimistic-changes.js';
import { startPresenceBridge } from './presence-bridge.js';
import { startShellBridge } from './shell-bridge.js';
import { createTriage, type Triage } from './triage.js';
import { startViewsBridge } from './views-bridge.js';
import { startWorkspaceBridge } from './workspace-bridge.js';

let current: Triage | undefined;

/** The inbox's triage actions (close, assign, tag, snooze), once the bridges run. */
export function triage(): Triage {
  if (!current) throw new Error('the bridges are not started (main.tsx starts them)');
  return current;
}

/**
 * Starts everything that keeps the stores in step with the app over `link`: the workspace,
 * the views' counts, the list, the open conversation, presence, the connection, notifications,
 * what the desktop shell asks (links, the menu), and the triage actions.
 * Returns what stops them all.
 */
export function startBridges(link: AppLink): () => void {
  // The list and the counts both show the changes made here until their loads hold them.
  const changes = new OptimisticChanges(['list', 'counts']);
  const notifications = startNotificationsBridge(link);
  current = createTriage(link, changes);
  // The list first, alone: its rows paint before the directory, the counts (a walk of every
  // conversation), presence and the connection are asked for (after-first-rows.ts).
  const stops = [startConversationsBridge({ link, changes, listed: notifications.listed })];
  stops.push(
    afterFirstRows(() =>
      stops.push(
        startWorkspaceBridge(link),
        startViewsBridge({ link, changes }),
        startConversationBridge(link),
        startPresenceBridge(link),
        startConnectionBridge(link),
        startShellBridge(link),
      ),
    ),
    notifications.stop,
  );
  return () => {
    for (const stop of stops) stop();
    current = undefined;
  };
}
