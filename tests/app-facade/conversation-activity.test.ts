import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationActivity, ConversationView } from '../../src/app/contract/outputs.js';
import type { Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { openSyncedFacade, type SyncedFacade } from './support/synced-facade.js';
import {
  changedFrom,
  conversationsOf,
  eventOf,
  startSendingTeam,
  type SendingTeam,
} from './support/team-fixture.js';

/*
 * A conversation's activity log in `mail.conversation` (ConversationView.activity): what two
 * teammates did through the facade (assign, status, tags, a reply sent), each entry with who did
 * it by address and name, tags by name, oldest first, as the teammate's app reads it from the
 * team workspace; and alone (a solo workspace), the user's own log.
 */

let sending: SendingTeam | undefined;
let dovecot: Dovecot;
let ada: SyncedFacade;
let ben: SyncedFacade;
let solo: SyncedFacade | undefined;
let refund: string;

beforeAll(async () => {
  sending = await startSendingTeam();
  ({ dovecot, ada, ben } = sending);
  ({ refund } = await conversationsOf(ada));
}, 120_000);

afterAll(async () => {
  await solo?.close();
  await sending?.close();
});

/** The log without its ids and times (checked on their own): what was done, by whom. */
const what = (view: ConversationView) =>
  view.activity.map(({ id: _id, at: _at, ...entry }) => entry);

describe('the activity of a conversation', () => {
  it('tells what teammates did, by whom, oldest first, on the teammate’s app too', async () => {
    const fromB = ben.events.length;
    await ada.result('triage.assign', { conversationId: refund, to: { email: 'ben@example.com' } });
    await ben.result('triage.setStatus', { conversationId: refund, status: 'pending' });
    await ada.result('triage.tag', { conversationId: refund, add: ['Billing'] });
    await ben.result('triage.tag', { conversationId: refund, remove: ['Billing'] });
    await ada.result('triage.note', { conversationId: refund, text: 'Checked the bank.' });
    const reply = await ada.app.outbox.reply({
      conversationId: refund,
      text: 'Refunded today.',
      now: true,
    });
    expect(reply.state).toBe('sent');
    await ada.result('triage.assign', { conversationId: refund, to: 'none' });

    const ada$ = { actor: 'ada@example.com', actorName: 'Ada' };
    const ben$ = { actor: 'ben@example.com', actorName: 'ben' };
    const expected = [
      { ...ada$, kind: 'assigned', assignee: 'ben@example.com', assigneeName: 'ben' },
      { ...ben$, kind: 'status', status: 'pending', snoozedUntil: null },
      { ...ada$, kind: 'tagged', tag: 'Billing' },
      { ...ben$, kind: 'untagged', tag: 'Billing' },
      // The note is in `notes`, not told again here.
      { ...ada$, kind: 'replied' },
      { ...ada$, kind: 'assigned', assignee: null, assigneeName: null },
    ];
    const mine = await ada.result<ConversationView>('mail.conversation', {
      conversationId: refund,
    });
    expect(what(mine)).toEqual(expected);
    expect(mine.notes.map((note) => note.text)).toEqual(['Checked the bank.']);
    // Times in ISO 8601, in order; ids unique.
    const times = mine.activity.map((entry) => entry.at);
    expect(times.every((at) => /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(at))).toBe(true);
    expect([...times].sort()).toEqual(times);
    expect(new Set(mine.activity.map((entry) => entry.id)).size).toBe(expected.length);

    // Ben's app, from the team workspace it received.
    await eventOf(ben, 'conversations.changed', changedFrom('team', refund), fromB);
    const seen = await eventually(ben, refund, (log) => log.length === expected.length);
    expect(seen).toEqual(mine.activity);
  });

  it('is the user’s own log in a solo workspace', async () => {
    solo = await openSyncedFacade(dovecot, 'support');
    const id = (await solo.app.mail.conversations({})).find((row) => row.subject === 'Printer')!.id;
    expect((await solo.app.mail.conversation({ conversationId: id })).activity).toEqual([]);
    await solo.result('triage.assign', { conversationId: id, to: 'me' });
    await solo.result('triage.setStatus', { conversationId: id, status: 'closed' });
    const me = await solo.app.session.whoami();
    expect(what(await solo.app.mail.conversation({ conversationId: id }))).toEqual([
      {
        actor: me.email,
        actorName: me.name,
        kind: 'assigned',
        assignee: me.email,
        assigneeName: me.name,
      },
      { actor: me.email, actorName: me.name, kind: 'status', status: 'closed', snoozedUntil: null },
    ]);
  });
});

/** The conversation's activity as `facade` shows it, once `done` holds (what syncs arrives late). */
async function eventually(
  facade: SyncedFacade,
  conversationId: string,
  done: (log: ConversationActivity[]) => boolean,
): Promise<ConversationActivity[]> {
  return until('the whole activity log', async () => {
    const { activity } = await facade.app.mail.conversation({ conversationId });
    return done(activity) ? activity : undefined;
  });
}
