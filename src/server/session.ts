import type { Principal } from './access/roles.js';
import type { Peer } from './peer.js';
import { RateLimiter, type RateLimit } from './rate-limiter.js';

/** One client connection to one room, as the hub sees it. */
export class Session {
  /** joining: the room is loading, frames wait in `inbox`. */
  state: 'joining' | 'open' | 'closed' = 'joining';
  readonly inbox: Array<{ frame: Uint8Array; binary: boolean }> = [];
  readonly limiter: RateLimiter;
  /** When the server last sent to this connection (performance.now()), for the keepalive. */
  lastSentAt = performance.now();

  constructor(
    readonly peer: Peer,
    readonly room: string,
    readonly principal: Principal,
    rateLimit: RateLimit,
  ) {
    this.limiter = new RateLimiter(rateLimit);
  }

  send(message: Uint8Array): void {
    if (this.state !== 'open') return;
    this.peer.send(message);
    this.lastSentAt = performance.now();
  }

  /** For log lines: no token, only who and where. */
  describe(): string {
    return `${this.peer.label} member ${this.principal.memberId} (${this.principal.role}) room ${this.room}`;
  }
}
