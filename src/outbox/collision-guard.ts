import type { HeldFinding } from './outbox-store.js';

/*
 * The collision guard: no customer gets two answers. Asked right before a reply leaves, however
 * long it waited (a reply queued offline is checked when it finally goes, against what happened
 * meanwhile), with what this app knows then: the team's activity log and presence, and the
 * conversation's mail in the cache.
 */

/** What the guard looks at, for one reply about to leave. */
export interface GuardSnapshot {
  /** When this reply was started: anything since is news its author has not seen. */
  startedAt: number;
  now: number;
  /** This reply's own Message-ID (its own traces are not a collision). */
  messageId: string;
  /** Replies recorded in the conversation's activity by other members ("replied by X"). */
  teamReplies: Array<{ who: string; at: number; messageId: string | null }>;
  /** Teammates writing a reply in the conversation right now (presence). */
  replying: string[];
  /** The conversation's mail since the reply was started, from the cache. */
  mail: Array<{ from: string; at: number; messageId: string | null; fromMailbox: boolean }>;
}

/**
 * Why the reply must wait for its author, or null to send it: a teammate replied since it was
 * started (recorded by the team, or seen in the mailbox's sent mail: a reply written in another
 * client), a teammate is replying right now, or the customer wrote again since. The newest
 * reason of the first kind found, in that order: a reply already given weighs most.
 */
export function collisionFinding(snapshot: GuardSnapshot): HeldFinding | null {
  const since = <T extends { at: number }>(items: T[]) =>
    items.filter((item) => item.at > snapshot.startedAt).sort((a, b) => b.at - a.at);
  const notThis = (messageId: string | null) => messageId !== snapshot.messageId;

  const recorded = since(snapshot.teamReplies).find((reply) => notThis(reply.messageId));
  if (recorded) return { kind: 'teammate-replied', who: recorded.who, at: recorded.at };
  const sentElsewhere = since(snapshot.mail).find(
    (message) => message.fromMailbox && notThis(message.messageId),
  );
  if (sentElsewhere)
    return { kind: 'teammate-replied', who: sentElsewhere.from, at: sentElsewhere.at };
  const writing = snapshot.replying[0];
  if (writing) return { kind: 'teammate-replying', who: writing, at: snapshot.now };
  const customer = since(snapshot.mail).find((message) => !message.fromMailbox);
  if (customer) return { kind: 'customer-wrote', who: customer.from, at: customer.at };
  return null;
}
