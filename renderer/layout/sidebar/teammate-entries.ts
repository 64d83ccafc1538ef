import type { TeammatePresence, TeamMember } from '../../../src/app/index.js';
import type { ConnectionStatus } from '../../stores/connection-store.js';
import type { Me } from '../../stores/workspace-store.js';
import type { TeammateEntry } from './sidebar.js';

/**
 * The sidebar's teammates (me left out), each online when their app is present. Offline is
 * said only while this app is connected itself: disconnected, it does not know.
 */
export function teammateEntries(
  members: readonly TeamMember[],
  me: Me,
  present: readonly TeammatePresence[],
  connection: ConnectionStatus,
): TeammateEntry[] {
  const here = new Set(present.map((p) => p.member.id));
  return members
    .filter((member) => member.email.toLowerCase() !== me.email.toLowerCase())
    .map((member) => ({
      member,
      presence: here.has(member.id) ? 'online' : connection === 'online' ? 'offline' : undefined,
    }));
}
