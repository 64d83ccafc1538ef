import { describe, expect, it } from 'vitest';
import { collisionFinding, type GuardSnapshot } from '../../src/outbox/collision-guard.js';

const STARTED = 1_800_000_000_000;
const snapshot = (more: Partial<GuardSnapshot> = {}): GuardSnapshot => ({
  startedAt: STARTED,
  now: STARTED + 60_000,
  messageId: 'mine@example.com',
  teamReplies: [],
  replying: [],
  mail: [],
  ...more,
});
const customer = (at: number) => ({
  from: 'alice@example.net',
  at,
  messageId: `c${at}@example.net`,
  fromMailbox: false,
});

describe('the collision guard', () => {
  it('lets a reply go when nothing happened since it was started', () => {
    expect(collisionFinding(snapshot())).toBeNull();
    // What happened before it was started was seen by its author.
    expect(
      collisionFinding(
        snapshot({
          teamReplies: [{ who: 'bob@example.com', at: STARTED - 1, messageId: 'b@x' }],
          mail: [customer(STARTED - 5)],
        }),
      ),
    ).toBeNull();
  });

  it('holds a reply when a teammate replied since, recorded by the team or sent from another client', () => {
    expect(
      collisionFinding(
        snapshot({ teamReplies: [{ who: 'bob@example.com', at: STARTED + 10, messageId: 'b@x' }] }),
      ),
    ).toEqual({ kind: 'teammate-replied', who: 'bob@example.com', at: STARTED + 10 });
    expect(
      collisionFinding(
        snapshot({
          mail: [
            { from: 'support@example.com', at: STARTED + 20, messageId: 's@x', fromMailbox: true },
          ],
        }),
      ),
    ).toEqual({ kind: 'teammate-replied', who: 'support@example.com', at: STARTED + 20 });
  });

  it('does not hold a reply for its own traces (its activity entry, its copy in Sent)', () => {
    expect(
      collisionFinding(
        snapshot({
          teamReplies: [{ who: 'me@example.com', at: STARTED + 10, messageId: 'mine@example.com' }],
          mail: [
            {
              from: 'support@example.com',
              at: STARTED + 11,
              messageId: 'mine@example.com',
              fromMailbox: true,
            },
          ],
        }),
      ),
    ).toBeNull();
  });

  it('holds a reply while a teammate is writing one, and when the customer wrote again', () => {
    expect(collisionFinding(snapshot({ replying: ['carol@example.com'] }))).toEqual({
      kind: 'teammate-replying',
      who: 'carol@example.com',
      at: STARTED + 60_000,
    });
    expect(
      collisionFinding(snapshot({ mail: [customer(STARTED + 5), customer(STARTED + 9)] })),
    ).toEqual({
      kind: 'customer-wrote',
      who: 'alice@example.net',
      at: STARTED + 9,
    });
  });

  it('names a reply already given first: it weighs most', () => {
    expect(
      collisionFinding(
        snapshot({
          replying: ['carol@example.com'],
          mail: [customer(STARTED + 50)],
          teamReplies: [
            { who: 'bob@example.com', at: STARTED + 10, messageId: 'b1@x' },
            { who: 'dan@example.com', at: STARTED + 30, messageId: 'd1@x' },
          ],
        }),
      ),
    ).toEqual({ kind: 'teammate-replied', who: 'dan@example.com', at: STARTED + 30 });
  });
});
