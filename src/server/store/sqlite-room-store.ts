import type { ServerDb } from './open-server-database.js';
import type { RoomStore, RoomWrite } from './room-store.js';

/** Rooms' updates in the server's SQLite database (table room_updates). */
export class SqliteRoomStore implements RoomStore {
  private readonly selectRoom;
  private readonly insert;
  private readonly deleteRoom;
  private readonly appendAll;
  private readonly replaceRoom;

  constructor(db: ServerDb) {
    this.selectRoom = db.prepare<[string], { data: Buffer }>(
      'SELECT data FROM room_updates WHERE room = ? ORDER BY id',
    );
    this.insert = db.prepare<[string, Uint8Array]>(
      'INSERT INTO room_updates (room, data) VALUES (?, ?)',
    );
    this.deleteRoom = db.prepare<[string]>('DELETE FROM room_updates WHERE room = ?');
    // One transaction per batch: one WAL commit however many updates arrived in the tick.
    this.appendAll = db.transaction((writes: readonly RoomWrite[]) => {
      for (const { room, update } of writes) this.insert.run(room, update);
    });
    this.replaceRoom = db.transaction((room: string, merged: Uint8Array) => {
      this.deleteRoom.run(room);
      this.insert.run(room, merged);
    });
  }

  load(room: string): Promise<Uint8Array[]> {
    return settle(() => this.selectRoom.all(room).map((row) => new Uint8Array(row.data)));
  }

  append(writes: readonly RoomWrite[]): Promise<void> {
    return settle(() => this.appendAll(writes));
  }

  compact(room: string, merged: Uint8Array): Promise<void> {
    return settle(() => this.replaceRoom(room, merged));
  }
}

/** better-sqlite3 is synchronous: its result (or error) as the promise the interface wants. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
