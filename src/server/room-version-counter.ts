import { randomBytes } from 'node:crypto';
import { parseRoom } from '../team/workspace/rooms.js';
import type { RoomVersions } from '../team/room-versions.js';

/**
 * The counts behind the server's "rooms changed" announcement (src/team/room-versions.ts):
 * committed writes per shard room since this server started. In memory only: a restart starts a
 * new epoch, which tells clients to look at every room once.
 */
export class RoomVersionCounter {
  readonly epoch = randomBytes(9).toString('base64url');
  private readonly byWorkspace = new Map<string, Map<string, number>>();

  /**
   * Counts a committed write to `room`. Returns the workspace whose core room should announce it,
   * or undefined for rooms that are not announced (core, drafts, rooms of no workspace).
   */
  count(room: string): string | undefined {
    const parsed = parseRoom(room);
    if (parsed?.kind !== 'state' && parsed?.kind !== 'timeline') return undefined;
    let rooms = this.byWorkspace.get(parsed.workspaceId);
    if (!rooms) this.byWorkspace.set(parsed.workspaceId, (rooms = new Map<string, number>()));
    rooms.set(room, (rooms.get(room) ?? 0) + 1);
    return parsed.workspaceId;
  }

  versions(workspaceId: string): RoomVersions {
    return {
      epoch: this.epoch,
      rooms: Object.fromEntries(this.byWorkspace.get(workspaceId) ?? []),
    };
  }
}
