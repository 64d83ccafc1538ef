import { DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limiter.js';

/**
 * What one member (everything its tokens open, on all its devices) and one remote address may
 * take of the server. Each limit refuses with a code of its own (close-codes.ts).
 */
export interface Quotas {
  /**
   * Open connections of one member. A teammate's app keeps a workspace's core room, its state
   * rooms (32 by default) and a batch of timeline rooms open (src/team/client/team-sync.ts),
   * plus drafts and CLI commands, on each device; connections the server has not yet seen die
   * (up to two ping intervals) count too. Over it: TOO_MANY_CONNECTIONS.
   */
  connectionsPerMember: number;
  /**
   * Rooms a member's connections bring into memory (a room not loaded when it is asked for:
   * created, or stored and idle): `newRoomsBurst` at once, then `newRoomsPerMinute`. Rooms
   * that teammates keep loaded cost nothing. Over it: TOO_MANY_NEW_ROOMS.
   */
  newRoomsBurst: number;
  newRoomsPerMinute: number;
  /**
   * Bytes of presence (awareness states, as JSON) one connection may hold in its room, all its
   * client ids together; a client's own state is usually a few hundred bytes. An update that
   * would take a connection past it is refused whole: AWARENESS_TOO_BIG.
   */
  awarenessBytesPerConnection: number;
  /**
   * Messages and bytes per member, all its connections together (each connection also has its
   * own `rateLimit`). Over it: MEMBER_RATE_LIMITED.
   */
  memberRate: RateLimit;
  /**
   * Sockets from one remote address (an IPv6 /64 counts as one) that have not completed their
   * WebSocket upgrade: connected and silent, in the TLS handshake, sending their request, or
   * plain HTTP (health checks, whoami). Over it, a new socket gets HTTP 429 (over TLS it is
   * closed: no HTTP before the handshake, which is what the limit saves). Behind a reverse
   * proxy every socket comes from the proxy's address; it sends whole requests at once, so its
   * sockets are counted only for an instant.
   */
  pendingSocketsPerAddress: number;
  /**
   * Time a socket has to complete its request head (the TLS handshake has as long again before
   * it): past it, HTTP 408 and the socket is closed (slowloris).
   */
  upgradeTimeoutMs: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  connectionsPerMember: 256,
  newRoomsBurst: 256,
  newRoomsPerMinute: 120,
  awarenessBytesPerConnection: 32 * 1024,
  memberRate: {
    messagesPerSecond: 3 * DEFAULT_RATE_LIMIT.messagesPerSecond,
    burstMessages: 4 * DEFAULT_RATE_LIMIT.burstMessages,
    bytesPerSecond: 2 * DEFAULT_RATE_LIMIT.bytesPerSecond,
    burstBytes: 2 * DEFAULT_RATE_LIMIT.burstBytes,
  },
  pendingSocketsPerAddress: 256,
  upgradeTimeoutMs: 10_000,
};

/** Defaults with `overrides` applied (`memberRate` field by field). */
export function quotasWith(overrides: QuotaOptions = {}): Quotas {
  return {
    ...DEFAULT_QUOTAS,
    ...overrides,
    memberRate: { ...DEFAULT_QUOTAS.memberRate, ...overrides.memberRate },
  };
}

export type QuotaOptions = Partial<Omit<Quotas, 'memberRate'>> & {
  memberRate?: Partial<RateLimit>;
};
