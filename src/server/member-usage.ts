import type { Principal } from './access/roles.js';
import { CLOSE_CODES, type CloseCode } from './close-codes.js';
import type { Quotas } from './quotas.js';
import { RateLimiter, TokenBucket, type Clock } from './rate-limiter.js';

interface Usage {
  connections: number;
  newRooms: TokenBucket;
  rate: RateLimiter;
}

export interface Refusal {
  code: CloseCode;
  reason: string;
}

/**
 * What each member takes of its quotas (quotas.ts): open connections, rooms brought into
 * memory, messages. A member's entry is forgotten once it has no connection and its budgets are
 * full again, so disconnecting everything does not reset a budget.
 */
export class MemberUsage {
  private readonly members = new Map<string, Usage>();

  constructor(
    private readonly quotas: Pick<
      Quotas,
      'connectionsPerMember' | 'newRoomsBurst' | 'newRoomsPerMinute' | 'memberRate'
    >,
    private readonly now?: Clock,
  ) {}

  /**
   * A new connection of the member, to a room that must be loaded first when `newRoom`: counted,
   * or refused (and then not counted).
   */
  admit(principal: Principal, newRoom: boolean): Refusal | undefined {
    const usage = this.usageOf(principal);
    if (usage.connections >= this.quotas.connectionsPerMember)
      return {
        code: CLOSE_CODES.TOO_MANY_CONNECTIONS,
        reason: `more than ${this.quotas.connectionsPerMember} connections of this member, retry later`,
      };
    // A refused room costs nothing: the budget does not sink further with each retry.
    if (newRoom && !usage.newRooms.has(1))
      return {
        code: CLOSE_CODES.TOO_MANY_NEW_ROOMS,
        reason: `more than ${this.quotas.newRoomsPerMinute} new rooms a minute for this member, retry later`,
      };
    if (newRoom) usage.newRooms.take(1);
    usage.connections += 1;
    return undefined;
  }

  /** A message of `size` bytes from the member; false past its rate. */
  takeMessage(principal: Principal, size: number): boolean {
    return this.usageOf(principal).rate.take(size);
  }

  /** One of the member's admitted connections ended. */
  release(principal: Principal): void {
    const key = keyOf(principal);
    const usage = this.members.get(key);
    if (!usage) return;
    usage.connections -= 1;
    if (usage.connections === 0 && usage.newRooms.full && usage.rate.full) this.members.delete(key);
  }

  private usageOf(principal: Principal): Usage {
    const key = keyOf(principal);
    let usage = this.members.get(key);
    if (!usage) {
      usage = {
        connections: 0,
        newRooms: new TokenBucket(
          this.quotas.newRoomsBurst,
          this.quotas.newRoomsPerMinute / 60,
          this.now,
        ),
        rate: new RateLimiter(this.quotas.memberRate, this.now),
      };
      this.members.set(key, usage);
    }
    return usage;
  }
}

/** Member ids are unique, but a directory embedded by someone else need not promise it. */
const keyOf = (principal: Principal) => `${principal.workspaceId}/${principal.memberId}`;
