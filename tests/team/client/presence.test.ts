import { describe, expect, it } from 'vitest';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Presence, TYPING_TTL_MS } from '../../../src/team/client/presence.js';

const ANA = { id: 'm-ana', name: 'Ana', email: 'ana@example.com' };
const BEN = { id: 'm-ben', name: 'Ben', email: 'ben@example.com' };

/** Two apps whose awareness states reach each other at once, as over a sync server. */
function pair(now: () => number) {
  const a = new Awareness(new Y.Doc());
  const b = new Awareness(new Y.Doc());
  const relay = (from: Awareness, to: Awareness) =>
    from.on(
      'update',
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        applyAwarenessUpdate(
          to,
          encodeAwarenessUpdate(from, [...added, ...updated, ...removed]),
          'relay',
        );
      },
    );
  relay(a, b);
  relay(b, a);
  return { a, b, ana: new Presence(a, ANA, now), ben: new Presence(b, BEN, now) };
}

describe('Presence', () => {
  it('shows who is online and what they look at', () => {
    const { ana, ben } = pair(Date.now);
    expect(ben.others().map((other) => other.member)).toEqual([ANA]);
    ana.view('c1');
    expect(ben.viewers('c1')).toEqual([ANA]);
    expect(ben.viewers('c2')).toEqual([]);
    expect(ana.viewers('c1')).toEqual([]);
  });

  it('tells who is replying or writing a note, for collision detection', () => {
    const { ana, ben } = pair(Date.now);
    ana.typing('c1', 'reply');
    expect(ben.writers('c1')).toEqual([ANA]);
    expect(ben.writers('c1', 'reply')).toEqual([ANA]);
    expect(ben.writers('c1', 'note')).toEqual([]);
    ana.stopTyping();
    expect(ben.writers('c1')).toEqual([]);
  });

  it('forgets a typing claim that was not renewed', () => {
    let clock = 1_000_000;
    const { ana, ben } = pair(() => clock);
    ana.typing('c1', 'note');
    clock += TYPING_TTL_MS - 1;
    expect(ben.writers('c1')).toEqual([ANA]);
    clock += 2;
    expect(ben.writers('c1')).toEqual([]);
  });

  it('drops a teammate who leaves or disconnects', () => {
    const { a, b, ana, ben } = pair(Date.now);
    ana.view('c1');
    let changes = 0;
    const stop = ben.onChange(() => (changes += 1));
    ana.leave();
    expect(ben.others()).toEqual([]);
    expect(changes).toBeGreaterThan(0);
    stop();
    // A disconnect: the server removes the states the gone connection controlled.
    const gone = new Awareness(new Y.Doc());
    gone.on('update', ({ added, updated }: { added: number[]; updated: number[] }) =>
      applyAwarenessUpdate(b, encodeAwarenessUpdate(gone, [...added, ...updated]), 'relay'),
    );
    new Presence(gone, ANA).view('c2');
    expect(ben.viewers('c2')).toEqual([ANA]);
    removeAwarenessStates(b, [gone.clientID], 'server');
    expect(ben.others()).toEqual([]);
    expect(a.getLocalState()).toBeNull();
  });

  it('ignores malformed states from other apps', () => {
    const { a, ben } = pair(Date.now);
    a.setLocalState({ member: { id: 42 }, viewing: 'c1' });
    expect(ben.others()).toEqual([]);
    a.setLocalState({
      member: ANA,
      viewing: 7,
      typing: { conversationId: 'c1', kind: 'shout', until: Number.MAX_SAFE_INTEGER },
    });
    expect(ben.others()).toEqual([
      { member: ANA, viewing: null, typing: null, clientId: a.clientID },
    ]);
  });
});
