import { describe, expect, it } from 'vitest';
import { activityView } from '../../src/app/conversation-activity.js';
import { conversation, syncAll, T0, team } from '../team/workspace/support/peers.js';

/*
 * The activity log as mail.conversation tells it (src/app/conversation-activity.ts), read from
 * real workspace documents (Yjs, in memory): members by address and name, a member removed since
 * still by theirs, tags by name (a deleted tag by its id), follows and notes left out.
 */

describe('activityView', () => {
  it('names members (removed ones too) and tags, and leaves follows and notes out', async () => {
    const { admin, alice } = await team();
    const c = await alice.ws.conversation(conversation(1));
    c.assign('bob');
    c.addTag('urgent');
    c.follow();
    c.addNote('Checked the bank.');
    c.setStatus('snoozed', T0 + 86_400_000);
    c.recordReply('<reply@example.com>');
    syncAll(alice.source, admin.source);
    const before = await admin.ws.conversation(conversation(1));
    expect(activityView(admin.ws, before.activity())[1]).toMatchObject({ tag: 'Urgent' });
    admin.ws.team.removeMember('alice');
    admin.ws.settings.deleteTag('urgent');
    const seen = await admin.ws.conversation(conversation(1));

    const alice$ = { actor: 'alice@example.com', actorName: 'Alice' };
    const view = activityView(admin.ws, seen.activity());
    // By the actor's clock, in ISO 8601; each entry its own id.
    const told = seen.activity().filter((entry) => !/follow|note/.test(entry.kind));
    expect(view.map((entry) => entry.at)).toEqual(
      told.map((entry) => new Date(entry.at).toISOString()),
    );
    expect(view.map((entry) => entry.id)).toEqual(told.map((entry) => entry.id));
    expect(view.map(({ id: _id, at: _at, ...entry }) => entry)).toEqual([
      {
        ...alice$,
        kind: 'assigned',
        assignee: 'bob@example.com',
        assigneeName: 'Bob',
      },
      { ...alice$, kind: 'tagged', tag: 'urgent' },
      {
        ...alice$,
        kind: 'status',
        status: 'snoozed',
        snoozedUntil: new Date(T0 + 86_400_000).toISOString(),
      },
      { ...alice$, kind: 'replied' },
    ]);
  });
});
