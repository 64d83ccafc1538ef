import { checkConversationId, checkWorkspaceId, isWorkspaceId } from './identifiers.js';

/*
 * Which document (y-websocket room) holds what. A workspace is
 *
 * - `<workspaceId>`: the core document (members, settings, the shard count), small, always open;
 * - `<workspaceId>/state-<i>-of-<n>`: the state of the conversations of shard i of n (status,
 *   snooze, assignee, tags, followers, mention and draft markers): what the inbox lists;
 * - `<workspaceId>/timeline-<i>-of-<n>`: the notes and activity log of the same conversations,
 *   needed only to show a conversation;
 * - `<workspaceId>/draft-<conversationId>`: one conversation's shared draft, open while edited.
 *
 * A conversation belongs to shard `fnv1a(conversationId) mod n`, the same on every machine.
 * n is fixed when the workspace is created and stored in the core document; it is part of the
 * room names, so a workspace resharded one day gets fresh rooms rather than mixing layouts.
 * Why this split and why n = 32: see workspace.ts.
 */

export const DEFAULT_SHARD_COUNT = 32;
export const MAX_SHARD_COUNT = 1024;

export type ShardPart = 'state' | 'timeline';

export interface WorkspaceRooms {
  core: string;
  /** Index i is shard i's room. */
  state: string[];
  timeline: string[];
}

export type ParsedRoom =
  | { workspaceId: string; kind: 'core' }
  | { workspaceId: string; kind: ShardPart; shard: number; shardCount: number }
  | { workspaceId: string; kind: 'draft'; conversationId: string };

export function checkShardCount(shardCount: number): number {
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARD_COUNT) {
    throw new RangeError(
      `shard count must be an integer from 1 to ${MAX_SHARD_COUNT}: ${shardCount}`,
    );
  }
  return shardCount;
}

/** FNV-1a (32 bits) of the id's UTF-16 code units, modulo the shard count. */
export function shardOf(conversationId: string, shardCount: number = DEFAULT_SHARD_COUNT): number {
  checkShardCount(shardCount);
  let hash = 0x811c9dc5;
  for (let i = 0; i < conversationId.length; i += 1) {
    hash ^= conversationId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shardCount;
}

export const coreRoom = (workspaceId: string): string => checkWorkspaceId(workspaceId);

export function shardRoom(
  workspaceId: string,
  part: ShardPart,
  shard: number,
  shardCount: number = DEFAULT_SHARD_COUNT,
): string {
  checkShardCount(shardCount);
  if (!Number.isInteger(shard) || shard < 0 || shard >= shardCount)
    throw new RangeError(`no shard ${shard} of ${shardCount}`);
  const width = String(shardCount - 1).length;
  return `${checkWorkspaceId(workspaceId)}/${part}-${String(shard).padStart(width, '0')}-of-${shardCount}`;
}

/** The state and timeline rooms of the conversation's shard. */
export function shardRoomFor(
  workspaceId: string,
  conversationId: string,
  shardCount: number = DEFAULT_SHARD_COUNT,
): { shard: number; state: string; timeline: string } {
  const shard = shardOf(checkConversationId(conversationId), shardCount);
  return {
    shard,
    state: shardRoom(workspaceId, 'state', shard, shardCount),
    timeline: shardRoom(workspaceId, 'timeline', shard, shardCount),
  };
}

export const draftRoomFor = (workspaceId: string, conversationId: string): string =>
  `${checkWorkspaceId(workspaceId)}/draft-${checkConversationId(conversationId)}`;

/** Every room of the workspace but the drafts (there is one per conversation ever drafted). */
export function roomsOf(
  workspaceId: string,
  shardCount: number = DEFAULT_SHARD_COUNT,
): WorkspaceRooms {
  const shards = Array.from({ length: checkShardCount(shardCount) }, (_, i) => i);
  return {
    core: coreRoom(workspaceId),
    state: shards.map((i) => shardRoom(workspaceId, 'state', i, shardCount)),
    timeline: shards.map((i) => shardRoom(workspaceId, 'timeline', i, shardCount)),
  };
}

/** What a room name of this layout designates, or undefined (e.g. for the server to check). */
export function parseRoom(room: string): ParsedRoom | undefined {
  const [workspaceId = '', name, ...rest] = room.split('/');
  if (rest.length > 0 || !isWorkspaceId(workspaceId)) return undefined;
  if (name === undefined) return { workspaceId, kind: 'core' };
  const shard = /^(state|timeline)-(\d{1,4})-of-(\d{1,4})$/.exec(name);
  if (shard) {
    const [, part, index = '', count = ''] = shard;
    const shardCount = Number(count);
    const i = Number(index);
    if (shardCount < 1 || shardCount > MAX_SHARD_COUNT || i >= shardCount) return undefined;
    if (shardRoom(workspaceId, part as ShardPart, i, shardCount) !== room) return undefined;
    return { workspaceId, kind: part as ShardPart, shard: i, shardCount };
  }
  const draft = /^draft-([A-Za-z0-9_-]{1,100})$/.exec(name);
  if (draft?.[1] !== undefined) return { workspaceId, kind: 'draft', conversationId: draft[1] };
  return undefined;
}
