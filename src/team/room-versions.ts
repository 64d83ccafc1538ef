/**
 * "Which of the workspace's shard documents changed": the server's announcement that lets a
 * client of a large workspace keep only the core document open and still see every change live.
 * It opens a state or timeline shard when, and only when, the server says the shard changed,
 * instead of visiting all 64 of them in turns.
 *
 * The announcement is the sync server's own awareness state in the workspace's core room
 * (y-protocols awareness: never stored, renewed every 15 s, sent to every client of the room on
 * join and on each change). That keeps it inside the y-websocket protocol, on a connection the
 * client holds anyway, through any proxy that carries the rest. Stock clients see one more
 * awareness entry and ignore it; presence ignores it too (it has no `member`).
 *
 * Versions are the server's counters of committed writes per room since it started (`epoch`
 * names that start). They are only compared for equality: a room whose version differs from the
 * one a client last synced under has changed. A new epoch (the server restarted) means every
 * room may have changed.
 */
export const ROOM_VERSIONS_KEY = 'roomVersions';

export interface RoomVersions {
  /** Random, new at each server start. */
  epoch: string;
  /** Shard rooms written since the epoch began, with their count of committed writes. */
  rooms: Record<string, number>;
}

/** The awareness state that carries `versions`. */
export function roomVersionsState(versions: RoomVersions): { [ROOM_VERSIONS_KEY]: RoomVersions } {
  return { [ROOM_VERSIONS_KEY]: versions };
}

/** Whether an awareness state claims to be the server's announcement (clients may not send one). */
export function isRoomVersionsState(state: unknown): boolean {
  return typeof state === 'object' && state !== null && ROOM_VERSIONS_KEY in state;
}

/** The announcement among a room's awareness states, if the server makes one. */
export function findRoomVersions(states: ReadonlyMap<number, unknown>): RoomVersions | undefined {
  for (const state of states.values()) {
    const versions = readRoomVersions(state);
    if (versions) return versions;
  }
  return undefined;
}

function readRoomVersions(state: unknown): RoomVersions | undefined {
  if (!isRoomVersionsState(state)) return undefined;
  const value = (state as Record<string, unknown>)[ROOM_VERSIONS_KEY];
  if (typeof value !== 'object' || value === null) return undefined;
  const { epoch, rooms } = value as Record<string, unknown>;
  if (typeof epoch !== 'string' || typeof rooms !== 'object' || rooms === null) return undefined;
  const checked: Record<string, number> = {};
  for (const [room, version] of Object.entries(rooms))
    if (Number.isSafeInteger(version)) checked[room] = version as number;
  return { epoch, rooms: checked };
}
