import { randomFillSync } from 'node:crypto';
import { WorkspaceError } from './errors.js';

/*
 * Ids that end up inside stored keys and values. None may contain `:` (the key separator of the
 * flat maps) or a tab (the field separator of activity entries), and those that name rooms must
 * fit the sync server's room syntax (src/server/access/room-path.ts).
 */

/**
 * A workspace id: the one rule for the sync server's room paths (src/server/access/room-path.ts),
 * the room names of the model (rooms.ts) and a client checking an id before it asks a server.
 */
const WORKSPACE_ID = /^[A-Za-z0-9_-]{16,64}$/;
/** The rule in words, for messages. */
export const WORKSPACE_ID_RULE = '16 to 64 letters, digits, "-" or "_"';
export const isWorkspaceId = (value: string): boolean => WORKSPACE_ID.test(value);
/** The mail core's are `c` + 23 hex digits (src/threading/conversation-id.ts); this accepts any such token. */
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** The sync server issues 24 base32 characters; this accepts any such token. */
const MEMBER_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Ids of tags, notes, activity entries, canned responses, signatures. */
const LOCAL_ID = /^[A-Za-z0-9_-]{1,64}$/;

function check(pattern: RegExp, what: string, value: string): string {
  if (typeof value !== 'string' || !pattern.test(value))
    throw new WorkspaceError('invalid', `not a valid ${what}: ${JSON.stringify(value)}`);
  return value;
}

export const checkWorkspaceId = (value: string) => check(WORKSPACE_ID, 'workspace id', value);
export const checkConversationId = (value: string) =>
  check(CONVERSATION_ID, 'conversation id', value);
export const checkMemberId = (value: string) => check(MEMBER_ID, 'member id', value);
export const checkLocalId = (value: string) => check(LOCAL_ID, 'id', value);

/** Random bytes drawn in bulk: one crypto call per 512 ids rather than per id. */
const pool = Buffer.alloc(4096);
let pooled = pool.length;

/** 64 random bits, 11 characters: unique among the entries a team will ever write. */
export function newLocalId(): string {
  if (pooled + 8 > pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  pooled += 8;
  return pool.toString('base64url', pooled - 8, pooled);
}

/** Lower case, trimmed; a plain `local@domain` with no spaces, colons or tabs. */
export function normalizeEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (!/^[^\s:@]+@[^\s:@]+$/.test(email))
    throw new WorkspaceError('invalid', `not an email address: ${JSON.stringify(value)}`);
  return email;
}

/** Free text that is stored inside a tab-separated activity entry (a Message-ID, a status). */
export function checkToken(what: string, value: string): string {
  if (!/^[^\s]{1,998}$/.test(value))
    throw new WorkspaceError('invalid', `not a valid ${what}: ${JSON.stringify(value)}`);
  return value;
}

/** A time in milliseconds since the epoch. */
export function checkTime(what: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new WorkspaceError('invalid', `not a valid ${what}: ${value}`);
  return value;
}
