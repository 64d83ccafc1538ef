import { describe, expect, it } from 'vitest';
import { parseRoomPath } from '../../../src/server/access/room-path.js';
import { ROLES as SERVER_ROLES } from '../../../src/server/access/roles.js';
import {
  coreRoom,
  draftRoomFor,
  parseRoom,
  ROLES,
  roomsOf,
  shardOf,
  shardRoomFor,
  WorkspaceError,
} from '../../../src/team/workspace/index.js';
import { conversation, WORKSPACE_ID } from './support/peers.js';

describe('rooms', () => {
  it('names the core, 32 state and 32 timeline rooms, and a draft room per conversation', () => {
    const rooms = roomsOf(WORKSPACE_ID);
    expect(rooms.core).toBe(WORKSPACE_ID);
    expect(rooms.state).toHaveLength(32);
    expect(rooms.timeline).toHaveLength(32);
    expect(rooms.state[7]).toBe(`${WORKSPACE_ID}/state-07-of-32`);
    expect(rooms.timeline[31]).toBe(`${WORKSPACE_ID}/timeline-31-of-32`);
    const id = conversation(1);
    expect(draftRoomFor(WORKSPACE_ID, id)).toBe(`${WORKSPACE_ID}/draft-${id}`);
    expect(roomsOf(WORKSPACE_ID, 4).state).toEqual(
      [0, 1, 2, 3].map((i) => `${WORKSPACE_ID}/state-${i}-of-4`),
    );
  });

  it('gives every room a name the sync server accepts, and parses them back', () => {
    const rooms = roomsOf(WORKSPACE_ID);
    const id = conversation(2);
    const all = [rooms.core, ...rooms.state, ...rooms.timeline, draftRoomFor(WORKSPACE_ID, id)];
    for (const room of all) {
      expect(parseRoomPath(`/${room}`)?.room).toBe(room);
      expect(parseRoom(room)).toBeDefined();
    }
    expect(parseRoom(rooms.state[3] as string)).toEqual({
      workspaceId: WORKSPACE_ID,
      kind: 'state',
      shard: 3,
      shardCount: 32,
    });
    expect(parseRoom(draftRoomFor(WORKSPACE_ID, id))).toEqual({
      workspaceId: WORKSPACE_ID,
      kind: 'draft',
      conversationId: id,
    });
    expect(parseRoom(coreRoom(WORKSPACE_ID))).toEqual({ workspaceId: WORKSPACE_ID, kind: 'core' });
    for (const bad of [
      `${WORKSPACE_ID}/state-3-of-32`,
      `${WORKSPACE_ID}/state-32-of-32`,
      `${WORKSPACE_ID}/other`,
      'short/state-1-of-2',
      `${WORKSPACE_ID}/a/b`,
    ]) {
      expect(parseRoom(bad)).toBeUndefined();
    }
  });

  it('puts a conversation in the same shard on every machine, spread evenly', () => {
    // Pinned (FNV-1a, as any implementation computes it): changing the hash would move every
    // conversation to another room.
    expect([
      shardOf('c0123456789abcdef0123456', 32),
      shardOf('cfedcba9876543210fedcba9', 32),
      shardOf('x', 7),
    ]).toEqual([9, 22, 4]);
    const counts = new Array<number>(32).fill(0);
    for (let n = 0; n < 32_000; n += 1)
      counts[shardOf(conversation(n))] = (counts[shardOf(conversation(n))] ?? 0) + 1;
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1150);
    const id = conversation(3);
    const { shard, state, timeline } = shardRoomFor(WORKSPACE_ID, id);
    expect(shard).toBe(shardOf(id));
    expect(state).toBe(roomsOf(WORKSPACE_ID).state[shard]);
    expect(timeline).toBe(roomsOf(WORKSPACE_ID).timeline[shard]);
  });

  it('refuses ids that cannot name a room', () => {
    expect(() => coreRoom('short')).toThrow(WorkspaceError);
    expect(() => draftRoomFor(WORKSPACE_ID, 'has/slash')).toThrow(WorkspaceError);
    expect(() => shardRoomFor(WORKSPACE_ID, 'a:b')).toThrow(WorkspaceError);
    expect(() => roomsOf(WORKSPACE_ID, 0)).toThrow(RangeError);
  });

  it('uses the roles the sync server enforces', () => {
    expect([...ROLES]).toEqual([...SERVER_ROLES]);
  });
});
