/**
 * Where rooms' Yjs updates live. The hub is the only writer of a room and calls these one at a
 * time (never two appends or an append and a compaction of the same room concurrently), so an
 * implementation needs atomicity and durability, not locking.
 *
 * Scaling out past one process: y-redis (https://github.com/yjs/y-redis) speaks the same
 * y-websocket protocol, so clients do not change. There, every accepted update is appended to a
 * Redis stream per room (the durable log that replaces `append`), any number of stateless
 * websocket servers subscribe to the streams of their rooms (replacing the in-process
 * broadcast), and a worker periodically merges a room's stream into one update in Postgres or S3
 * and trims the stream (replacing `compact`). Auth stays as it is (a token checked at the
 * upgrade), and the ack stays valid as long as a server answers a step 1 only from updates the
 * stream has durably taken.
 */
export interface RoomStore {
  /** Every stored update of `room`, oldest first (empty for a new room). */
  load(room: string): Promise<Uint8Array[]>;
  /**
   * Stores `writes` (of any rooms) durably and all-or-nothing; resolves once they would survive
   * a crash of the process. One call per event-loop tick: this is the group commit.
   */
  append(writes: readonly RoomWrite[]): Promise<void>;
  /** Replaces every stored update of `room` by `merged`, all-or-nothing. */
  compact(room: string, merged: Uint8Array): Promise<void>;
}

export interface RoomWrite {
  room: string;
  update: Uint8Array;
}

/** A RoomStore in memory, for tests and throwaway servers. */
export class MemoryRoomStore implements RoomStore {
  readonly rooms = new Map<string, Uint8Array[]>();
  appendCalls = 0;

  load(room: string): Promise<Uint8Array[]> {
    return Promise.resolve([...(this.rooms.get(room) ?? [])]);
  }

  append(writes: readonly RoomWrite[]): Promise<void> {
    this.appendCalls += 1;
    for (const { room, update } of writes) {
      const updates = this.rooms.get(room) ?? [];
      updates.push(update);
      this.rooms.set(room, updates);
    }
    return Promise.resolve();
  }

  compact(room: string, merged: Uint8Array): Promise<void> {
    this.rooms.set(room, [merged]);
    return Promise.resolve();
  }
}
