import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/wait.js';
import type { TestSmtpServer } from '../smtp/support/test-smtp-server.js';
import type { SyncedFacade } from './support/synced-facade.js';
import {
  changedFrom,
  conversationsOf,
  eventOf,
  startSendingTeam,
  type SendingTeam,
} from './support/team-fixture.js';

/*
 * "Replied by X at T" in a teammate's conversation list: a reply Ada sends is recorded in the
 * conversation's team state, which Ben's running sync receives through the team layer: a team
 * change, told as such, with no mail sync of Ben's needed (the list reads the reply's author and
 * time from the team state, not from the Sent copy).
 */

let sending: SendingTeam | undefined;
let smtp: TestSmtpServer;
let ada: SyncedFacade;
let ben: SyncedFacade;
let refund: string;

beforeAll(async () => {
  sending = await startSendingTeam();
  ({ smtp, ada, ben } = sending);
  ({ refund } = await conversationsOf(ada));
}, 120_000);

afterAll(async () => {
  await sending?.close();
});

const listed = async (facade: SyncedFacade, id: string) =>
  (await facade.app.mail.conversations({})).find((row) => row.id === id);

describe('the last reply of a conversation', () => {
  it("reaches a teammate's running sync as a team change, and his list says who replied and when", async () => {
    await ben.app.sync.start();
    try {
      await eventOf(ben, 'sync.team');
      expect((await listed(ben, refund))?.lastReply).toBeNull();
      const from = ben.events.length;
      const reply = await ada.app.outbox.reply({
        conversationId: refund,
        text: 'Refunded today.',
        now: true,
      });
      expect(reply.state).toBe('sent');
      expect(smtp.received).toHaveLength(1);

      // The sender's own list shows it at once.
      const mine = (await listed(ada, refund))?.lastReply;
      expect(mine).toMatchObject({ by: 'ada@example.com' });
      expect(Date.parse(mine!.at)).toBeGreaterThan(0);

      await eventOf(ben, 'conversations.changed', changedFrom('team', refund), from);
      expect((await listed(ben, refund))?.lastReply).toEqual(mine);
      expect((await ben.app.mail.conversation({ conversationId: refund })).lastReply).toEqual(mine);

      // And the reply itself: told by the team that one was sent, his sync looks in Sent at
      // once (its poll would come a minute later; IDLE watches the Inbox only).
      await until('the reply in Ben’s conversation, from Sent', async () =>
        (await ben.app.mail.conversation({ conversationId: refund })).messages.some(
          (message) => message.subject === 'Re: Refund',
        ),
      );
    } finally {
      await ben.app.sync.stop();
    }
  });
});
