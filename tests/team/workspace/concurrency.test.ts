import { describe, expect, it } from 'vitest';
import type { Conversation, ConversationState } from '../../../src/team/workspace/index.js';
import { conversation, Outbox, Peer, sources, syncAll, T0, team } from './support/peers.js';

/** What every peer must agree on after syncing. */
function view(c: Conversation): unknown {
  return {
    state: c.state(),
    notes: c.notes(),
    activity: c.activity(),
    overridden: c.overriddenAssignments(),
  };
}

async function open(peers: Peer[], id: string): Promise<Conversation[]> {
  return Promise.all(peers.map((p) => p.ws.conversation(id)));
}

describe('concurrent changes of teammates working apart', () => {
  it('converge to one assignee; the assignment that lost stays in the log and is reported', async () => {
    const { alice, bob, admin } = await team();
    const id = conversation(1);
    const [a, b, c] = await open([alice, bob, admin], id);
    a!.assign('alice');
    b!.assign('bob');
    syncAll(...sources(alice, bob, admin));

    const winner = a!.state().assignee;
    expect(['alice', 'bob']).toContain(winner);
    const loser = winner === 'alice' ? 'bob' : 'alice';
    for (const x of [a!, b!, c!]) {
      expect(x.state().assignee).toBe(winner);
      expect(
        x
          .activity()
          .filter((e) => e.kind === 'assigned')
          .map((e) => e.actor)
          .sort(),
      ).toEqual(['alice', 'bob']);
      const overridden = x.overriddenAssignments();
      expect(overridden).toHaveLength(1);
      expect(overridden[0]?.entry).toMatchObject({ actor: loser, assignee: loser, previous: null });
      expect(overridden[0]?.overriddenBy).toMatchObject({ actor: winner, assignee: winner });
    }
    expect(view(a!)).toEqual(view(b!));
    expect(view(a!)).toEqual(view(c!));

    // A reassignment made after seeing the winner is no collision; the earlier loss stays on record.
    c!.assign('admin');
    syncAll(...sources(alice, bob, admin));
    expect(a!.state().assignee).toBe('admin');
    expect(a!.overriddenAssignments().map((o) => o.entry.actor)).toEqual([loser]);
  });

  it('report only the tip of a losing line, and nothing when both chose the same assignee', async () => {
    const { alice, bob, admin } = await team();
    const [a, b] = await open([alice, bob], conversation(2));
    a!.assign('alice');
    a!.assign('admin');
    b!.assign('bob');
    syncAll(...sources(alice, bob, admin));
    const overridden = a!.overriddenAssignments();
    expect(overridden).toHaveLength(1);
    if (a!.state().assignee === 'bob') {
      expect(overridden[0]).toMatchObject({
        entry: { actor: 'alice', assignee: 'admin' },
        overriddenBy: { actor: 'bob' },
      });
    } else {
      expect(a!.state().assignee).toBe('admin');
      expect(overridden[0]).toMatchObject({
        entry: { actor: 'bob', assignee: 'bob' },
        overriddenBy: { actor: 'alice', assignee: 'alice' },
      });
    }
    expect(b!.overriddenAssignments()).toEqual(overridden);

    const [a3, b3] = await open([alice, bob], conversation(3));
    a3!.assign('admin');
    b3!.assign('admin');
    syncAll(...sources(alice, bob));
    expect(a3!.state().assignee).toBe('admin');
    expect(a3!.activity().filter((e) => e.kind === 'assigned')).toHaveLength(2);
    expect(a3!.overriddenAssignments()).toEqual([]);
  });

  it('converge the same way whatever the order and delay of delivery', async () => {
    const { alice, bob, admin } = await team();
    const id = conversation(4);
    const [a, b] = await open([alice, bob], id);
    const fromAlice = new Outbox(alice.source);
    const fromBob = new Outbox(bob.source);
    a!.assign('alice');
    fromAlice.capture();
    a!.addTag('urgent');
    fromAlice.capture();
    a!.addNote('Customer called, @bob@example.com FYI');
    fromAlice.capture();
    a!.setStatus('pending');
    fromAlice.capture();
    b!.assign('bob');
    fromBob.capture();
    b!.addTag('billing');
    fromBob.capture();
    b!.setStatus('closed');
    fromBob.capture();

    // Bob gets Alice's changes in order, Alice gets Bob's shuffled, a third machine gets Alice's
    // backwards and Bob's shuffled otherwise.
    const late = new Peer('admin');
    syncAll(admin.source, late.source);
    await late.open();
    fromAlice.deliver(bob.source, 'in-order');
    fromBob.deliver(alice.source, 'shuffled', 7);
    fromAlice.deliver(late.source, 'reversed');
    fromBob.deliver(late.source, 'shuffled', 3);

    const [l] = await open([late], id);
    expect(view(a!)).toEqual(view(b!));
    expect(view(a!)).toEqual(view(l!));
    expect(a!.state().tags).toEqual(['billing', 'urgent']);
    expect(a!.notes()).toHaveLength(1);
    expect(a!.activity()).toHaveLength(7);
    expect(a!.overriddenAssignments()).toHaveLength(1);
  });

  it('keep status and snooze time together: a snooze and a close made apart never mix', async () => {
    const { alice } = await team();
    const outcomes = new Set<string>();
    for (let n = 0; n < 24; n += 1) {
      // Fresh document ids per round, so both orders of the two writers occur.
      const p = new Peer('alice');
      const q = new Peer('bob');
      syncAll(alice.source, p.source, q.source);
      await Promise.all([p.open(), q.open()]);
      const id = conversation(100 + n);
      const [x, y] = await open([p, q], id);
      x!.setStatus('snoozed', T0 + 3_600_000);
      y!.setStatus('closed');
      syncAll(p.source, q.source);
      const s: ConversationState = x!.state();
      expect(y!.state()).toEqual(s);
      expect([
        JSON.stringify(['snoozed', T0 + 3_600_000]),
        JSON.stringify(['closed', null]),
      ]).toContain(JSON.stringify([s.status, s.snoozedUntil]));
      outcomes.add(s.status);
      expect(x!.activity().filter((e) => e.kind === 'status')).toHaveLength(2);
    }
    expect(outcomes).toEqual(new Set(['snoozed', 'closed']));
  });

  it('converge to the later of two replies made apart, of equal times the greater member id', async () => {
    const { alice } = await team();
    for (let n = 0; n < 24; n += 1) {
      // Fresh document ids per round, so both orders of the two writers occur; the earlier reply
      // is Alice's in half the rounds, Bob's in the other half, and both at once every sixth.
      const tie = n % 6 === 5;
      const aliceAt = T0 + (n % 2 === 0 ? 2000 : 1000);
      const bobAt = tie ? aliceAt : T0 + (n % 2 === 0 ? 1000 : 2000);
      const p = new Peer('alice', () => aliceAt);
      const q = new Peer('bob', () => bobAt);
      syncAll(alice.source, p.source, q.source);
      await Promise.all([p.open(), q.open()]);
      const id = conversation(200 + n);
      const [x, y] = await open([p, q], id);
      x!.recordReply(`<alice-${n}@example.com>`);
      y!.recordReply(`<bob-${n}@example.com>`);
      syncAll(p.source, q.source);
      const winner = tie || bobAt > aliceAt ? 'bob' : 'alice';
      const expected = {
        member: winner,
        at: Math.max(aliceAt, bobAt),
        messageId: `<${winner}-${n}@example.com>`,
      };
      expect(x!.state().lastReply).toEqual(expected);
      expect(y!.state()).toEqual(x!.state());
      expect(x!.activity().filter((e) => e.kind === 'replied')).toHaveLength(2);
    }
  });

  it('merge tags and followers per tag: different adds both stay, an unseen add wins over a removal', async () => {
    const { alice, bob } = await team();
    const [a, b] = await open([alice, bob], conversation(5));
    a!.addTag('urgent');
    b!.addTag('billing');
    a!.follow();
    b!.follow();
    syncAll(...sources(alice, bob));
    expect(a!.state()).toMatchObject({ tags: ['billing', 'urgent'], followers: ['alice', 'bob'] });
    expect(b!.state()).toEqual(a!.state());

    // Alice removes urgent; Bob, apart, removes it and puts it back: Bob's add is one Alice never saw.
    a!.removeTag('urgent');
    b!.removeTag('urgent');
    b!.addTag('urgent');
    // Both remove billing: gone.
    a!.removeTag('billing');
    b!.removeTag('billing');
    // Alice unfollows Bob while Bob, apart, does not touch it: removed.
    a!.unfollow('bob');
    syncAll(...sources(alice, bob));
    expect(a!.state()).toMatchObject({ tags: ['urgent'], followers: ['alice'] });
    expect(b!.state()).toEqual(a!.state());
    expect(a!.activity()).toEqual(b!.activity());
  });

  it('never lose a note: notes written apart all survive; an edit beats a concurrent deletion', async () => {
    const { alice, bob, admin } = await team();
    const id = conversation(6);
    const [a, b, c] = await open([alice, bob, admin], id);
    for (let i = 0; i < 5; i += 1) {
      a!.addNote(`alice ${i}`);
      b!.addNote(`bob ${i}`);
      c!.addNote(`admin ${i}`);
      if (i === 2) syncAll(...sources(alice, bob)); // partial syncs along the way
    }
    syncAll(...sources(alice, bob, admin));
    for (const x of [a!, b!, c!])
      expect(
        x
          .notes()
          .map((n) => n.text)
          .sort(),
      ).toHaveLength(15);
    expect(a!.notes()).toEqual(c!.notes());

    // Alice's two devices, apart: one edits her note, the other deletes it.
    const laptop = new Peer('alice');
    syncAll(alice.source, laptop.source);
    await laptop.open();
    const [l] = await open([laptop], id);
    const note = a!.notes().find((n) => n.text === 'alice 0')!;
    a!.deleteNote(note.id);
    l!.editNote(note.id, 'alice 0, corrected');
    syncAll(...sources(alice, laptop, bob));
    expect(a!.notes().find((n) => n.id === note.id)?.text).toBe('alice 0, corrected');
    expect(b!.notes()).toEqual(a!.notes());
    expect(
      a!
        .activity()
        .filter((e) => e.kind !== 'noted')
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['note-deleted', 'note-edited']);

    // Concurrent edits on her two devices: one text, the same everywhere.
    a!.editNote(note.id, 'from the desktop');
    l!.editNote(note.id, 'from the laptop');
    syncAll(...sources(alice, laptop));
    expect(['from the desktop', 'from the laptop']).toContain(
      a!.notes().find((n) => n.id === note.id)?.text,
    );
    expect(l!.notes()).toEqual(a!.notes());
  });

  it('reports a lost assignment once the log entries have arrived (state and timeline sync apart)', async () => {
    const { alice, bob, admin } = await team();
    const id = conversation(7);
    const [a, b, c] = await open([alice, bob, admin], id);
    const fromAlice = new Outbox(alice.source);
    const fromBob = new Outbox(bob.source);
    a!.assign('alice');
    b!.assign('bob');
    fromAlice.capture();
    fromBob.capture();
    const isTimeline = (u: { room: string }) => u.room.includes('/timeline-');
    const timelines = [...fromAlice.updates, ...fromBob.updates].filter(isTimeline);
    for (const outbox of [fromAlice, fromBob]) {
      outbox.updates.splice(
        0,
        outbox.updates.length,
        ...outbox.updates.filter((u) => !isTimeline(u)),
      );
      outbox.deliver(admin.source, 'reversed');
    }
    // The admin has both assignments, not their log entries yet.
    expect(['alice', 'bob']).toContain(c!.state().assignee);
    expect(c!.activity()).toEqual([]);
    expect(c!.overriddenAssignments()).toEqual([]);
    fromAlice.updates.push(...timelines);
    fromAlice.deliver(admin.source);
    expect(c!.overriddenAssignments()).toHaveLength(1);
    syncAll(...sources(alice, bob, admin));
    expect(view(c!)).toEqual(view(a!));
    expect(view(b!)).toEqual(view(a!));
  });
});
