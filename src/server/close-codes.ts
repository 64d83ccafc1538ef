/**
 * Every WebSocket close code the sync server sends, in one place.
 *
 * RFC 6455 §7.4.2 reserves 4000–4999 for applications. We follow y-websocket's convention
 * (https://github.com/yjs/y-websocket, `defaultShouldReconnect`): 4400–4499 mirror HTTP 4xx, a
 * decision reconnecting cannot change, so the stock client stops retrying and emits `closed`;
 * every other code (4500–4599 "try again later" included) makes it reconnect with backoff.
 *
 * The quotas (quotas.ts) each have a code of their own. Those that a retry can satisfy are 45xx:
 * the stock client (y-websocket 3) counts a connection closed before it synced as a failed
 * attempt, so its retries back off exponentially (to its `maxBackoffTime`) instead of looping.
 * Refusals before the WebSocket exists are HTTP statuses: see UPGRADE_REFUSALS.
 */
export const CLOSE_CODES = {
  /** RFC 6455 1001: the server is shutting down; clients reconnect to its next start. */
  GOING_AWAY: 1001,
  /**
   * RFC 6455 1009: a frame above the size limit. `ws` sends it itself when `maxPayload` is
   * exceeded, before the frame is even buffered whole.
   */
  MESSAGE_TOO_BIG: 1009,
  /**
   * Not a y-websocket message: garbage, a truncated varint, an unknown message type, trailing
   * bytes, a text frame, an awareness update that is not JSON.
   */
  MALFORMED_MESSAGE: 4400,
  /** The connection's token was revoked (or its member removed) while it was connected. */
  TOKEN_REVOKED: 4401,
  /** A viewer sent a document change: viewers are read-only (their presence is allowed). */
  WRITE_FORBIDDEN: 4403,
  /**
   * An awareness update that would take the connection's presence past its size quota
   * (`awarenessBytesPerConnection`); nothing of it is applied or relayed. Permanent: the client
   * would send the same state again.
   */
  AWARENESS_TOO_BIG: 4413,
  /** A well-framed sync message whose Yjs update is not a valid update. */
  INVALID_UPDATE: 4422,
  /** The server could not store the connection's updates (disk full, I/O error). */
  INTERNAL_ERROR: 4500,
  /**
   * The room was reloaded from storage after an update failed half-way through being applied;
   * clients reconnect and resync against the reloaded document.
   */
  ROOM_RESET: 4503,
  /**
   * The member's role changed while connected (an agent made a viewer, or back): the client
   * reconnects (not a 44xx code, which would stop the stock client) and gets the new role.
   */
  ROLE_CHANGED: 4509,
  /** The client reads too slowly: more than the send buffer limit is waiting for it. */
  SLOW_CONSUMER: 4508,
  /** Too many messages or bytes per second from one connection; the client backs off. */
  RATE_LIMITED: 4529,
  /** The member already has `connectionsPerMember` connections open; closed before any sync. */
  TOO_MANY_CONNECTIONS: 4530,
  /** The member brought too many rooms into memory lately (`newRoomsPerMinute`); ditto. */
  TOO_MANY_NEW_ROOMS: 4531,
  /** Too many messages or bytes per second from one member, all its connections together. */
  MEMBER_RATE_LIMITED: 4532,
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/**
 * HTTP answers to sockets refused before their upgrade, before anyone is authenticated
 * (RFC 9110 §15.5.9, RFC 6585 §4). Auth refusals (400/401/403/404) are access/authorize-upgrade.ts's.
 */
export const UPGRADE_REFUSALS = {
  /** The request head was not complete within `upgradeTimeoutMs` (Node's http server sends it). */
  UPGRADE_TIMEOUT: 408,
  /** The address holds `pendingSocketsPerAddress` sockets that have not upgraded yet. */
  TOO_MANY_PENDING_SOCKETS: 429,
} as const;
