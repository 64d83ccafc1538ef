import { describe, expect, it } from 'vitest';
import { effectiveStatus, shardRoomFor } from '../../../src/team/workspace/index.js';
import { conversation, errorCode, Peer, syncAll, T0, team, WORKSPACE_ID } from './support/peers.js';

describe('a conversation', () => {
  it('reads as open, unassigned and untagged until someone touches it', async () => {
    const { alice } = await team();
    const c = await alice.ws.conversation(conversation(1));
    expect(c.state()).toEqual({
      conversationId: conversation(1),
      status: 'open',
      snoozedUntil: null,
      assignee: null,
      tags: [],
      followers: [],
      mentioned: [],
      draft: null,
      lastReply: null,
    });
    expect(c.activity()).toEqual([]);
    expect(await alice.ws.shardStates(alice.ws.shardOf(conversation(1)))).toEqual([]);
  });

  it('changes status, snooze, assignee, tags and followers, logging each change once', async () => {
    const { alice } = await team();
    const c = await alice.ws.conversation(conversation(1));
    c.assign('bob');
    c.assign('bob');
    c.addTag('urgent');
    c.addTag('billing');
    c.addTag('urgent');
    c.removeTag('billing');
    c.follow();
    c.follow('bob');
    c.unfollow('bob');
    c.setStatus('pending');
    c.setStatus('snoozed', T0 + 86_400_000);
    expect(c.state()).toMatchObject({
      status: 'snoozed',
      snoozedUntil: T0 + 86_400_000,
      assignee: 'bob',
      tags: ['urgent'],
      followers: ['alice'],
    });
    expect(effectiveStatus(c.state(), T0 + 86_399_999)).toBe('snoozed');
    expect(effectiveStatus(c.state(), T0 + 86_400_000)).toBe('open');
    c.setStatus('closed');
    expect(c.state()).toMatchObject({ status: 'closed', snoozedUntil: null });
    c.assign(null);
    expect(c.state().assignee).toBeNull();

    const log = c.activity();
    expect(log.map((e) => e.kind)).toEqual([
      'assigned',
      'tagged',
      'tagged',
      'untagged',
      'followed',
      'followed',
      'unfollowed',
      'status',
      'status',
      'status',
      'assigned',
    ]);
    expect(log.every((e) => e.actor === 'alice' && e.conversationId === conversation(1))).toBe(
      true,
    );
    expect(log[0]).toMatchObject({ kind: 'assigned', assignee: 'bob', previous: null });
    expect(log[10]).toMatchObject({ kind: 'assigned', assignee: null, previous: log[0]?.id });
    expect(log[8]).toMatchObject({
      kind: 'status',
      status: 'snoozed',
      snoozedUntil: T0 + 86_400_000,
    });
    expect(c.overriddenAssignments()).toEqual([]);
  });

  it('checks its input', async () => {
    const { alice } = await team();
    const c = await alice.ws.conversation(conversation(1));
    expect(errorCode(() => c.setStatus('snoozed'))).toBe('invalid');
    expect(errorCode(() => c.setStatus('snoozed', T0 - 1))).toBe('invalid');
    expect(errorCode(() => c.setStatus('archived' as 'open'))).toBe('invalid');
    expect(errorCode(() => c.assign('nobody'))).toBe('not-found');
    expect(errorCode(() => c.assign('vic'))).toBe('invalid');
    expect(errorCode(() => c.addTag('no-such-tag'))).toBe('not-found');
    expect(errorCode(() => c.follow('nobody'))).toBe('not-found');
    expect(errorCode(() => c.addNote('   '))).toBe('invalid');
    expect(errorCode(() => c.recordReply('has space'))).toBe('invalid');
    await expect(alice.ws.conversation('bad/id')).rejects.toMatchObject({ code: 'invalid' });
  });

  it('makes a batch of edits all or none, one update per document', async () => {
    const { admin, alice } = await team();
    const id = conversation(1);
    const c = await alice.ws.conversation(id);
    c.addTag('urgent');
    const rooms = shardRoomFor(WORKSPACE_ID, id);
    const updates = new Map<string, number>();
    for (const [room, doc] of alice.source.docs)
      doc.on('update', () => updates.set(room, (updates.get(room) ?? 0) + 1));
    // An agent: the second edit fails its check, so the first is not made either.
    for (const edits of [
      [
        { kind: 'tag', tag: { name: 'urgent' }, on: false },
        { kind: 'tag', tag: { name: 'nosuchtag' }, on: false },
      ],
      [
        { kind: 'assign', member: 'alice' },
        { kind: 'tag', tag: { name: 'New', define: { color: '#123456' } }, on: true },
      ],
      [
        { kind: 'status', status: 'closed' },
        { kind: 'status', status: 'snoozed' },
      ],
    ] as const) {
      expect(errorCode(() => c.apply(edits))).toMatch(/^(not-found|forbidden|invalid)$/);
    }
    expect([...updates.values()]).toEqual([]);
    expect(c.state()).toMatchObject({ status: 'open', assignee: null, tags: ['urgent'] });
    // Several edits that succeed: each document stores and sends them as one update.
    c.apply([
      { kind: 'tag', tag: { name: 'URGENT' }, on: false },
      { kind: 'tag', tag: { name: 'billing' }, on: true },
      { kind: 'assign', member: 'alice' },
      { kind: 'note', text: 'Refund sent' },
    ]);
    expect(Object.fromEntries(updates)).toEqual({ [rooms.state]: 1, [rooms.timeline]: 1 });
    expect(c.state()).toMatchObject({ assignee: 'alice', tags: ['billing'] });
    expect(c.activity().map((e) => e.kind)).toEqual([
      'tagged',
      'untagged',
      'tagged',
      'assigned',
      'noted',
    ]);
    // An admin defines a missing tag on the way, in the same go (one core update).
    const mine = await admin.ws.conversation(id);
    const core = admin.source.docs.get(WORKSPACE_ID)!;
    let coreUpdates = 0;
    core.on('update', () => (coreUpdates += 1));
    mine.apply([
      { kind: 'tag', tag: { name: 'VIP', define: { color: '#abcdef' } }, on: true },
      { kind: 'tag', tag: { name: 'vip', define: { color: '#abcdef' } }, on: true },
      { kind: 'tag', tag: { name: 'Later', define: { color: '#abcdef' } }, on: true },
    ]);
    expect(coreUpdates).toBe(1);
    expect(admin.ws.settings.tags().map((tag) => [tag.id, tag.name])).toEqual([
      ['billing', 'Billing'],
      ['later', 'Later'],
      ['urgent', 'Urgent'],
      ['vip', 'VIP'],
    ]);
    expect(mine.state().tags).toEqual(['later', 'vip']);
  });

  it('refuses every write of a viewer, and lets them read', async () => {
    const { alice, vic } = await team();
    (await alice.ws.conversation(conversation(1))).addNote('Hello');
    syncAll(alice.source, vic.source);
    const c = await vic.ws.conversation(conversation(1));
    for (const write of [
      () => c.setStatus('closed'),
      () => c.assign('alice'),
      () => c.addTag('urgent'),
      () => c.follow(),
      () => c.addNote('hi'),
      () => c.recordReply(),
      () => c.clearMention(),
    ]) {
      expect(errorCode(write)).toBe('forbidden');
    }
    expect(c.notes().map((n) => n.text)).toEqual(['Hello']);
  });

  it('keeps notes with their mentions; only their author edits or deletes them', async () => {
    const { alice, bob } = await team();
    const c = await alice.ws.conversation(conversation(1));
    const note = c.addNote(
      '@bob@example.com can you check the invoice? cc @Ada@Example.com, @nobody@example.com',
    );
    expect(note).toMatchObject({ author: 'alice', mentions: ['bob', 'admin'], editedAt: null });
    expect(c.state().mentioned).toEqual(['admin', 'bob']);
    const edited = c.editNote(note.id, 'Fixed: @vic@example.com see @alice@example.com');
    expect(edited).toMatchObject({
      text: 'Fixed: @vic@example.com see @alice@example.com',
      mentions: ['vic', 'alice'],
    });
    expect(edited.editedAt).toBeGreaterThan(note.createdAt);
    // Mentions of oneself mark nothing; markers stay until their member clears them.
    expect(c.state().mentioned).toEqual(['admin', 'bob', 'vic']);
    expect(c.notes()).toEqual([edited]);

    syncAll(alice.source, bob.source);
    const theirs = await bob.ws.conversation(conversation(1));
    expect(errorCode(() => theirs.editNote(note.id, 'mine now'))).toBe('not-author');
    expect(errorCode(() => theirs.deleteNote(note.id))).toBe('not-author');
    expect(errorCode(() => theirs.deleteNote('missing'))).toBe('not-found');
    theirs.clearMention();
    expect(theirs.state().mentioned).toEqual(['admin', 'vic']);

    c.deleteNote(note.id);
    expect(c.notes()).toEqual([]);
    expect(c.activity().map((e) => e.kind)).toEqual(['noted', 'note-edited', 'note-deleted']);
  });

  it('records replies, the last one in its state too, with the time of its activity entry', async () => {
    const { alice, admin } = await team();
    const c = await alice.ws.conversation(conversation(1));
    c.recordReply('<reply-1@example.com>');
    const [first] = c.activity();
    expect(c.state().lastReply).toEqual({
      member: 'alice',
      at: first?.at,
      messageId: '<reply-1@example.com>',
    });
    c.recordReply();
    expect(c.activity()).toMatchObject([
      { kind: 'replied', messageId: '<reply-1@example.com>' },
      { kind: 'replied', messageId: null },
    ]);
    expect(c.state().lastReply).toEqual({
      member: 'alice',
      at: c.activity()[1]?.at,
      messageId: null,
    });
    // Nothing else of the conversation changed: still listed by a shard's snapshot.
    expect(await alice.ws.shardStates(alice.ws.shardOf(conversation(1)))).toEqual([c.state()]);

    // The last reply stays after its author left the team; a teammate's later one replaces it.
    syncAll(alice.source, admin.source);
    const theirs = await admin.ws.conversation(conversation(1));
    admin.ws.team.removeMember('alice');
    expect(theirs.state().lastReply).toEqual(c.state().lastReply);
    const ana = new Peer('ana', () => T0 + 3_600_000);
    syncAll(admin.source, ana.source);
    await ana.open();
    admin.ws.team.addMember({ id: 'ana', name: 'Ana', email: 'ana@example.com', role: 'agent' });
    syncAll(admin.source, ana.source);
    (await ana.ws.conversation(conversation(1))).recordReply('<reply-3@example.com>');
    syncAll(admin.source, ana.source);
    admin.ws.team.removeMember('ana');
    expect(theirs.state().lastReply).toEqual({
      member: 'ana',
      at: T0 + 3_600_000,
      messageId: '<reply-3@example.com>',
    });
    expect((await admin.ws.shardStates(admin.ws.shardOf(conversation(1))))[0]?.lastReply).toEqual(
      theirs.state().lastReply,
    );
  });

  it("keeps a member's later reply when their clock then reads earlier", async () => {
    const { admin } = await team();
    let now = T0 + 60_000;
    const peer = new Peer('alice', () => now);
    syncAll(admin.source, peer.source);
    const c = await (await peer.open()).conversation(conversation(1));
    c.recordReply('<late@example.com>');
    now = T0;
    c.recordReply('<early@example.com>');
    expect(c.state().lastReply).toEqual({
      member: 'alice',
      at: T0 + 60_000,
      messageId: '<late@example.com>',
    });
    // Both are in the log (in time order).
    expect(c.activity().map((e) => e.kind === 'replied' && e.messageId)).toEqual([
      '<early@example.com>',
      '<late@example.com>',
    ]);
  });

  it('stops listing a tag whose definition was deleted, and members who left', async () => {
    const { admin } = await team();
    const c = await admin.ws.conversation(conversation(1));
    c.addTag('urgent');
    c.addTag('billing');
    c.follow('bob');
    c.follow('alice');
    admin.ws.settings.deleteTag('billing');
    admin.ws.team.removeMember('bob');
    expect(c.state()).toMatchObject({ tags: ['urgent'], followers: ['alice'] });
    expect((await admin.ws.shardStates(admin.ws.shardOf(conversation(1))))[0]).toMatchObject({
      tags: ['urgent'],
      followers: ['alice'],
    });
  });

  it('snapshots a shard in one pass, equal to the conversations read one by one', async () => {
    const { alice } = await team();
    const ids = Array.from({ length: 400 }, (_, n) => conversation(n));
    for (const [n, id] of ids.entries()) {
      const c = await alice.ws.conversation(id);
      if (n % 3 === 0) c.assign(n % 2 ? 'alice' : 'bob');
      if (n % 4 === 0) c.addTag('urgent');
      if (n % 5 === 0) c.setStatus('closed');
      if (n % 7 === 0) c.follow();
      if (n % 6 === 0) c.recordReply(`<reply-${n}@example.com>`);
    }
    const shard = alice.ws.shardOf(ids[0] as string);
    const inShard = ids.filter((id) => alice.ws.shardOf(id) === shard);
    const touched = await Promise.all(
      inShard.map(async (id) => (await alice.ws.conversation(id)).state()),
    );
    const snapshot = await alice.ws.shardStates(shard);
    const byId = (a: { conversationId: string }, b: { conversationId: string }) =>
      a.conversationId < b.conversationId ? -1 : 1;
    expect(snapshot.sort(byId)).toEqual(
      touched
        .filter(
          (s) =>
            s.status !== 'open' || s.assignee || s.tags.length || s.followers.length || s.lastReply,
        )
        .sort(byId),
    );
    expect(await alice.ws.conversationState(ids[0] as string)).toEqual(
      touched.find((s) => s.conversationId === ids[0]),
    );
  });

  it('loads nothing but the core until a conversation is asked for, then its two shard rooms', async () => {
    const { alice } = await team();
    alice.source.opened.length = 0;
    const id = conversation(9);
    await alice.ws.conversationState(id);
    const rooms = shardRoomFor(WORKSPACE_ID, id);
    expect(alice.source.opened).toEqual([rooms.state]);
    const c = await alice.ws.conversation(id);
    expect(alice.source.opened).toEqual([rooms.state, rooms.timeline]);
    expect(alice.ws.loadedShards()).toEqual({ state: [rooms.shard], timeline: [rooms.shard] });

    await alice.ws.releaseShard(rooms.shard);
    expect(alice.ws.loadedShards()).toEqual({ state: [], timeline: [] });
    expect(errorCode(() => c.state())).toBe('closed');
    const again = await alice.ws.conversation(id);
    again.setStatus('closed');
    expect(again.state().status).toBe('closed');
    await alice.ws.close();
    await expect(alice.ws.conversation(id)).rejects.toMatchObject({ code: 'closed' });
  });
});
