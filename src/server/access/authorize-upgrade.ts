import { hashToken } from './credentials.js';
import type { Principal } from './roles.js';
import { parseRoomPath } from './room-path.js';
import type { AccessDirectory } from './workspace-directory.js';

export type UpgradeDecision =
  | { ok: true; room: string; principal: Principal }
  | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/**
 * Decides a WebSocket upgrade request before it is accepted, so a refused client never receives a
 * byte of any document. The token comes from `?token=` (what the y-websocket client's `params`
 * send; browsers cannot set headers on a WebSocket) or from `Authorization: Bearer`.
 *   400 not a room's path · 404 unknown workspace · 401 no token, an unknown or a revoked one ·
 *   403 a valid token of another workspace.
 */
export function authorizeUpgrade(
  directory: AccessDirectory,
  requestUrl: string,
  authorization?: string,
): UpgradeDecision {
  // The raw path, not `new URL()`'s: that would resolve `..` and percent-escapes into a
  // different room than the one the client named.
  const queryStart = requestUrl.indexOf('?');
  const path = queryStart === -1 ? requestUrl : requestUrl.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? '' : requestUrl.slice(queryStart + 1));
  const address = parseRoomPath(path);
  if (!address)
    return { ok: false, status: 400, reason: 'not a room path: /<workspaceId>[/<name>]' };
  if (!directory.workspaceExists(address.workspaceId))
    return { ok: false, status: 404, reason: 'unknown workspace' };

  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const token = query.get('token') ?? bearer;
  if (!token) return { ok: false, status: 401, reason: 'missing token' };
  const tokenHash = hashToken(token);
  const record = directory.findToken(tokenHash);
  if (!record) return { ok: false, status: 401, reason: 'unknown token' };
  if (record.revoked) return { ok: false, status: 401, reason: 'revoked token' };
  if (record.workspaceId !== address.workspaceId)
    return { ok: false, status: 403, reason: 'token of another workspace' };
  return {
    ok: true,
    room: address.room,
    principal: {
      workspaceId: record.workspaceId,
      memberId: record.memberId,
      role: record.role,
      tokenHash,
    },
  };
}

/**
 * Whether the token a connection was accepted with still holds: 'revoked' (or gone),
 * 'role-changed' (the member's role is not the one the connection was accepted with), or 'ok'.
 */
export function stillAuthorized(
  directory: AccessDirectory,
  principal: Principal,
): 'ok' | 'revoked' | 'role-changed' {
  const record = directory.findToken(principal.tokenHash);
  if (record === undefined || record.revoked || record.workspaceId !== principal.workspaceId)
    return 'revoked';
  return record.role === principal.role ? 'ok' : 'role-changed';
}
