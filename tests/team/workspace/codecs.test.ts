import { describe, expect, it } from 'vitest';
import { decodeActivity, encodeActivity } from '../../../src/team/workspace/activity-codec.js';
import {
  parseMentions,
  type ActivityEntry,
  type Member,
} from '../../../src/team/workspace/index.js';
import { overriddenAssignments } from '../../../src/team/workspace/overridden.js';
import * as Y from 'yjs';
import {
  decodeAssignee,
  decodeReply,
  decodeStatus,
  encodeAssignee,
  encodeReply,
  encodeStatus,
  latestReply,
} from '../../../src/team/workspace/state-codec.js';
import { StateShard } from '../../../src/team/workspace/state-shard.js';
import type { AssignedEntry } from '../../../src/team/workspace/model.js';

const base = {
  id: 'e1',
  conversationId: 'c0123456789abcdef0123456',
  actor: 'alice',
  at: 1_736_154_000_123,
};

describe('stored values', () => {
  it('round-trip every kind of activity entry through one string', () => {
    const entries: ActivityEntry[] = [
      { ...base, kind: 'assigned', assignee: 'bob', previous: 'e0' },
      { ...base, kind: 'assigned', assignee: null, previous: null },
      { ...base, kind: 'status', status: 'snoozed', snoozedUntil: 1_800_000_000_000 },
      { ...base, kind: 'status', status: 'closed', snoozedUntil: null },
      { ...base, kind: 'tagged', tag: 'urgent' },
      { ...base, kind: 'untagged', tag: 'urgent' },
      { ...base, kind: 'followed', member: 'bob' },
      { ...base, kind: 'unfollowed', member: 'bob' },
      { ...base, kind: 'noted', noteId: 'n1' },
      { ...base, kind: 'note-edited', noteId: 'n1' },
      { ...base, kind: 'note-deleted', noteId: 'n1' },
      { ...base, kind: 'replied', messageId: '<a.b@example.com>' },
      { ...base, kind: 'replied', messageId: null },
    ];
    for (const entry of entries) expect(decodeActivity(encodeActivity(entry))).toEqual(entry);
    expect(encodeActivity(entries[0] as ActivityEntry)).toBe(
      'c0123456789abcdef0123456\te1\tassigned\talice\tm5kt9k3f\tbob\te0',
    );
  });

  it('skip what a later version might write', () => {
    expect(decodeActivity('c1\te1\tescalated\talice\t1\tx')).toBeUndefined();
    expect(decodeActivity('c1\te1\tstatus\talice\t1\tarchived')).toBeUndefined();
    expect(decodeActivity({ kind: 'assigned' })).toBeUndefined();
    expect(decodeStatus('archived')).toEqual({ status: 'open', snoozedUntil: null });
    expect(decodeStatus(undefined)).toEqual({ status: 'open', snoozedUntil: null });
    expect(decodeAssignee(42)).toBeUndefined();
  });

  it('keep a snooze and its time in one value', () => {
    expect(encodeStatus('snoozed', 1_800_000_000_000)).toBe('snoozed:1800000000000');
    expect(decodeStatus('snoozed:1800000000000')).toEqual({
      status: 'snoozed',
      snoozedUntil: 1_800_000_000_000,
    });
    expect(decodeStatus(encodeStatus('pending', null))).toEqual({
      status: 'pending',
      snoozedUntil: null,
    });
    expect(decodeAssignee(encodeAssignee('e9', 'bob'))).toEqual({ entryId: 'e9', assignee: 'bob' });
    expect(decodeAssignee(encodeAssignee('e9', null))).toEqual({ entryId: 'e9', assignee: null });
  });
});

describe('the last reply of a conversation', () => {
  it('keeps each reply in one value: its time, then its Message-ID (which may hold colons)', () => {
    expect(encodeReply(1_800_000_000_000, '<a:b@example.com>')).toBe(
      '1800000000000:<a:b@example.com>',
    );
    expect(decodeReply(encodeReply(1_800_000_000_000, '<a:b@example.com>'))).toEqual({
      at: 1_800_000_000_000,
      messageId: '<a:b@example.com>',
    });
    expect(decodeReply(encodeReply(5, null))).toEqual({ at: 5, messageId: null });
    for (const unreadable of [undefined, 42, 'soon:<a@b>', ':<a@b>', '-1:', { at: 5 }])
      expect(decodeReply(unreadable)).toBeUndefined();
  });

  it('is the reply with the latest time, of equal times the greatest member id', () => {
    const reply = (member: string, at: number) => ({ member, at, messageId: null });
    expect(latestReply([])).toBeNull();
    expect(latestReply([reply('bob', 2), reply('alice', 3), reply('carol', 1)])).toEqual(
      reply('alice', 3),
    );
    expect(latestReply([reply('bob', 3), reply('alice', 3)])).toEqual(reply('bob', 3));
    expect(latestReply([reply('alice', 3), reply('bob', 3)])).toEqual(reply('bob', 3));
  });

  it("reads as none from a state an older version wrote, and a later version's fields are skipped", () => {
    const doc = new Y.Doc();
    const shard = new StateShard(doc, 0);
    const members = new Set(['alice', 'bob']);
    const known = { tags: new Set(['urgent']), members, allMembers: members };
    // What an app without last replies wrote: a status, an assignment, a tag.
    shard.map.set('c1:s', 'pending');
    shard.map.set('c1:a', 'e1:bob');
    shard.map.set('c1:t:urgent', true);
    // What a later version might add: fields this one does not know.
    shard.map.set('c1:x:alice', 'whatever');
    shard.map.set('c1:q', 7);
    const expected = {
      conversationId: 'c1',
      status: 'pending',
      snoozedUntil: null,
      assignee: 'bob',
      tags: ['urgent'],
      followers: [],
      mentioned: [],
      draft: null,
      lastReply: null,
    };
    expect(shard.state('c1', known)).toEqual(expected);
    expect(shard.snapshot(known)).toEqual([expected]);
  });
});

describe('mentions', () => {
  const member = (id: string, email: string, removed = false): Member => ({
    id,
    name: id,
    email,
    role: 'agent',
    mailboxes: {},
    removed,
  });
  const members = [
    member('a', 'alice@example.com'),
    member('b', 'bob@example.co.uk'),
    member('g', 'gone@example.com', true),
  ];

  it('resolve @email of active members, in order, once each', () => {
    expect(
      parseMentions(
        '@Bob@Example.co.uk, see @alice@example.com. Thanks @bob@example.co.uk!',
        members,
      ),
    ).toEqual(['b', 'a']);
    expect(
      parseMentions('(@alice@example.com) @gone@example.com @nobody@example.com', members),
    ).toEqual(['a']);
    expect(parseMentions('mail alice@example.com or x@alice@example.com', members)).toEqual([]);
  });
});

describe('overridden assignments', () => {
  const assigned = (
    id: string,
    actor: string,
    assignee: string | null,
    previous: string | null,
    at: number,
  ): AssignedEntry => ({
    ...base,
    id,
    actor,
    at,
    kind: 'assigned',
    assignee,
    previous,
  });

  it('follow the winning line back and report the tips off it', () => {
    const a1 = assigned('a1', 'alice', 'alice', null, 1);
    const b1 = assigned('b1', 'bob', 'bob', null, 2);
    const c1 = assigned('c1', 'carol', 'carol', 'b1', 3);
    const a2 = assigned('a2', 'alice', 'dave', 'a1', 4);
    const e1 = assigned('e1', 'erin', 'erin', 'b1', 5);
    // Line: c1 ← b1. Off it: a1 ← a2 (tip a2, forked at the start), e1 (forked after b1).
    expect(overriddenAssignments([a1, b1, c1, a2, e1], 'c1')).toEqual([
      { entry: a2, overriddenBy: b1 },
      { entry: e1, overriddenBy: c1 },
    ]);
    expect(overriddenAssignments([a1, b1], 'missing')).toEqual([]);
    expect(overriddenAssignments([a1, b1], null)).toEqual([]);
    expect(overriddenAssignments([a1, b1], 'a1')).toEqual([{ entry: b1, overriddenBy: a1 }]);
  });
});
