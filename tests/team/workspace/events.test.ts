import { describe, expect, it } from 'vitest';
import {
  MemoryDocSource,
  Workspace,
  type WorkspaceChange,
} from '../../../src/team/workspace/index.js';
import { conversation, Outbox, syncAll, team, WORKSPACE_ID } from './support/peers.js';

function record(ws: Workspace): WorkspaceChange[] {
  const changes: WorkspaceChange[] = [];
  ws.onChange((change) => changes.push(change));
  return changes;
}

describe('change events', () => {
  it('tell which conversations changed, locally and from teammates, per shard part', async () => {
    const { alice, bob } = await team();
    const id = conversation(1);
    const shard = alice.ws.shardOf(id);
    const mine = record(alice.ws);
    const theirs = record(bob.ws);
    const a = await alice.ws.conversation(id);
    await bob.ws.conversation(id);
    a.assign('alice');
    a.addNote('hello');
    expect(mine).toEqual([
      { type: 'conversations', part: 'timeline', shard, conversationIds: [id], origin: 'local' },
      { type: 'conversations', part: 'state', shard, conversationIds: [id], origin: 'local' },
      { type: 'conversations', part: 'timeline', shard, conversationIds: [id], origin: 'local' },
    ]);
    syncAll(alice.source, bob.source);
    expect(theirs).toEqual([
      { type: 'conversations', part: 'state', shard, conversationIds: [id], origin: 'remote' },
      { type: 'conversations', part: 'timeline', shard, conversationIds: [id], origin: 'remote' },
    ]);
  });

  it('name every conversation of an update that carries many', async () => {
    const { alice, bob } = await team();
    const ids = Array.from({ length: 200 }, (_, n) => conversation(n));
    const shard = alice.ws.shardOf(ids[0] as string);
    const inShard = ids.filter((id) => alice.ws.shardOf(id) === shard);
    await bob.ws.conversation(inShard[0] as string);
    const theirs = record(bob.ws);
    const outbox = new Outbox(alice.source);
    for (const id of inShard) {
      const c = await alice.ws.conversation(id);
      c.addTag('urgent');
      c.recordReply();
    }
    outbox.capture();
    outbox.deliver(bob.source);
    const named = (part: string) =>
      theirs
        .filter((c) => c.type === 'conversations' && c.part === part)
        .flatMap((c) => (c.type === 'conversations' ? c.conversationIds : []));
    expect(named('state').sort()).toEqual([...inShard].sort());
    expect(named('timeline').sort()).toEqual([...inShard].sort());
  });

  it('say nothing for shards not loaded, and tell core changes by part', async () => {
    const { admin, alice } = await team();
    const seen = record(alice.ws);
    const c = await admin.ws.conversation(conversation(1));
    c.setStatus('closed');
    admin.ws.settings.defineTag({ name: 'VIP', color: '#123456' });
    admin.ws.team.updateMember('bob', { name: 'Robert' });
    syncAll(admin.source, alice.source);
    expect(seen).toEqual([{ type: 'core', parts: ['members', 'tags'], origin: 'remote' }]);
    expect(alice.ws.team.member('bob')?.name).toBe('Robert');
    expect((await alice.ws.conversation(conversation(1))).state().status).toBe('closed');
  });

  it('let a listener read the changed states at once, from loaded shards only, never loading one', async () => {
    const { admin, alice } = await team();
    const id = conversation(1);
    const shard = alice.ws.shardOf(id);
    await alice.ws.loadShard(shard);
    const read: string[] = [];
    alice.ws.onChange((change) => {
      if (change.type === 'conversations' && change.part === 'state')
        read.push(
          ...alice.ws
            .loadedStates(change.conversationIds)
            .map((s) => `${s.conversationId}:${s.status}`),
        );
    });
    (await admin.ws.conversation(id)).setStatus('pending');
    syncAll(admin.source, alice.source);
    expect(read).toEqual([`${id}:pending`]);

    // Released: nothing to read, and nothing loaded again. Also when released while loading.
    await alice.ws.releaseShard(shard, 'state');
    expect(alice.ws.loadedStates([id])).toEqual([]);
    const loading = alice.ws.loadShard(shard);
    await alice.ws.releaseShard(shard, 'state');
    await loading;
    expect(alice.ws.loadedStates([id])).toEqual([]);
    expect(alice.ws.loadedShards().state).toEqual([]);
  });

  it('open() waits for a core document that has not arrived yet', async () => {
    const { admin } = await team();
    const fresh = new MemoryDocSource();
    let opened: Workspace | undefined;
    const opening = Workspace.open(fresh, { workspaceId: WORKSPACE_ID, actor: 'alice' }).then(
      (ws) => (opened = ws),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(opened).toBeUndefined();
    syncAll(admin.source, fresh);
    const ws = await opening;
    expect(ws.shardCount).toBe(32);
    expect(ws.team.member('alice')?.role).toBe('agent');

    const controller = new AbortController();
    const waiting = Workspace.open(new MemoryDocSource(), {
      workspaceId: WORKSPACE_ID,
      actor: 'alice',
      signal: controller.signal,
    });
    controller.abort(new Error('offline'));
    await expect(waiting).rejects.toThrow('offline');
  });
});
