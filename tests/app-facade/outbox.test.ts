import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queued } from '../../src/app/contract/outputs.js';
import { until } from '../helpers/wait.js';
import type { TestSmtpServer } from '../smtp/support/test-smtp-server.js';
import type { SyncedFacade } from './support/synced-facade.js';
import {
  conversationsOf,
  eventOf,
  startSendingTeam,
  type SendingTeam,
} from './support/team-fixture.js';

/*
 * Replying as a team, through the app's door: two teammates' facades over a real sync server, the
 * shared mailbox in a private Dovecot, a real SMTP server. What the customer receives (threading,
 * From and Sender as the member's permission allows, canned variables), undo, the collision
 * guard between teammates, and the reply in the conversation for both.
 */

let sending: SendingTeam | undefined;
let smtp: TestSmtpServer;
let ada: SyncedFacade;
let ben: SyncedFacade;
let refund: string;
let printer: string;

beforeAll(async () => {
  sending = await startSendingTeam();
  ({ smtp, ada, ben } = sending);
  ({ refund, printer } = await conversationsOf(ada));
}, 120_000);

afterAll(async () => {
  await sending?.close();
});

/** The message the SMTP server received with this Message-ID, parsed. */
async function received(messageId: string) {
  const found = smtp.received.find((message) =>
    message.raw.toString().includes(`Message-ID: <${messageId}>`),
  );
  if (!found) throw new Error(`the SMTP server has no ${messageId}`);
  return { ...(await simpleParser(found.raw)), rcptTo: found.to };
}

const sentCount = (messageId: string) =>
  smtp.received.filter((message) => message.raw.toString().includes(`<${messageId}>`)).length;

describe('replying through the facade', () => {
  it('sends a reply now: threaded, from the mailbox, in its Sent folder, told, and in the conversation for both teammates', async () => {
    const from = ada.events.length;
    const reply = await ada.result<Queued>('outbox.reply', {
      conversationId: refund,
      text: 'Your refund is on its way.',
      now: true,
    });
    expect(reply).toMatchObject({ state: 'sent', conversationId: refund });
    const message = await received(reply.messageId);
    expect(message.inReplyTo).toBe('<refund@customer.example>');
    expect(message.subject).toBe('Re: Refund');
    expect(message.from?.value).toEqual([{ name: 'Support', address: 'support@example.com' }]);
    expect(message.headers.has('sender')).toBe(false);
    expect(message.rcptTo).toEqual(['carla@customer.example']);
    expect(message.text).toContain('Your refund is on its way.');
    expect(
      ada.events
        .slice(from)
        .filter((event) => event.type === 'outbox.changed')
        .map((event) => event.type === 'outbox.changed' && event.state),
    ).toEqual(['queued', 'sending', 'sent', 'sent']);
    expect(await ada.app.outbox.list()).toContainEqual(
      expect.objectContaining({ id: reply.outboxId, state: 'sent', attempts: 1 }),
    );

    // In the sender's conversation at once, as outgoing, until the Sent copy is mail of it.
    expect((await ada.app.mail.conversation({ conversationId: refund })).outgoing).toEqual([
      expect.objectContaining({ id: reply.outboxId, state: 'sent', messageId: reply.messageId }),
    ]);
    // Both teammates' syncs bring the Sent copy into the conversation.
    for (const facade of [ada, ben]) {
      await facade.sync();
      const shown = await facade.app.mail.conversation({ conversationId: refund });
      expect(shown.messages.map((shownMessage) => shownMessage.subject)).toEqual([
        'Refund',
        'Re: Refund',
      ]);
      expect(shown.outgoing).toEqual([]);
    }
  });

  it('sends on behalf when asked: the same From, and the agent as Sender', async () => {
    const reply = await ben.result<Queued>('outbox.reply', {
      conversationId: printer,
      text: 'Try turning it off and on.',
      as: 'on-behalf',
      now: true,
    });
    expect(reply.state).toBe('sent');
    const message = await received(reply.messageId);
    expect(message.from?.value).toEqual([{ name: 'Support', address: 'support@example.com' }]);
    expect(message.headers.get('sender')).toMatchObject({
      value: [{ address: 'ben@example.com' }],
    });
  });

  it('queues a reply for the undo delay; cancelling it sends nothing', async () => {
    const reply = await ada.result<Queued>('outbox.reply', {
      conversationId: printer,
      text: 'Oops, wrong conversation.',
    });
    expect(reply.state).toBe('queued');
    expect(Date.parse(reply.sendAt!)).toBeGreaterThan(Date.now());
    const from = ada.events.length;
    expect(await ada.result('outbox.cancel', { id: reply.outboxId })).toMatchObject({
      id: reply.outboxId,
      state: 'queued',
    });
    expect(
      await eventOf(ada, 'outbox.changed', (event) => event.state === 'cancelled', from),
    ).toMatchObject({
      id: reply.outboxId,
    });
    expect((await ada.app.outbox.list()).map((item) => item.id)).not.toContain(reply.outboxId);
    expect(sentCount(reply.messageId)).toBe(0);
  });

  it('holds a reply started before a teammate replied, then sends it anyway when asked', async () => {
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    // Ben's reply (sent above, recorded as replied by Ben) reaches Ada's workspace.
    await ada.app.sync.runOnce();
    const held = await ada.result<Queued>('outbox.reply', {
      conversationId: printer,
      text: 'Did that help?',
      startedAt,
      now: true,
    });
    expect(held).toMatchObject({
      state: 'held',
      reason: 'ben@example.com replied to this conversation since this reply was started',
    });
    expect(sentCount(held.messageId)).toBe(0);
    const sent = await ada.result<Queued>('outbox.sendAnyway', { id: held.outboxId });
    expect(sent.state).toBe('sent');
    expect(sentCount(held.messageId)).toBe(1);
  });

  it('fills a canned response, and refuses one whose variable has no value, naming it', async () => {
    await ada.result('canned.add', {
      name: 'Thanks',
      text: 'Hi {{contact.firstName}}, thanks for writing to {{mailbox.name}}. {{agent.firstName}}',
    });
    expect(await ben.app.canned.list()).toEqual([]);
    await ben.app.sync.runOnce();
    expect((await ben.app.canned.list()).map((canned) => canned.name)).toEqual(['Thanks']);
    const reply = await ben.result<Queued>('outbox.reply', {
      conversationId: refund,
      canned: 'thanks',
      anyway: true,
      now: true,
    });
    expect((await received(reply.messageId)).text).toContain(
      'Hi Carla, thanks for writing to Support. ben',
    );

    await ada.result('canned.add', { name: 'Broken', text: 'Dear {{contact.title}}' });
    const before = (await ada.app.outbox.list()).length;
    expect(
      await ada.call('outbox.reply', { conversationId: refund, canned: 'Broken' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringContaining('{{contact.title}}') as string },
    });
    expect(await ada.app.outbox.list()).toHaveLength(before);
  });

  it('refuses to send for a member whose permission on the mailbox is read-only, naming it', async () => {
    await ada.result('team.setPermission', {
      email: 'ben@example.com',
      mailbox: 'support@example.com',
      permission: 'read-only',
    });
    await until('Ben sees his permission', async () => {
      await ben.app.sync.runOnce();
      const answer = await ben.call('outbox.reply', { conversationId: refund, text: 'Hello' });
      return !answer.ok && answer.error.code === 'forbidden' ? answer : undefined;
    }).then((answer) =>
      expect(answer).toMatchObject({
        error: { message: expect.stringContaining('read-only') as string },
      }),
    );
    await ada.result('team.setPermission', {
      email: 'ben@example.com',
      mailbox: 'support@example.com',
      permission: 'full-access',
    });
  });

  it('sends a new message with copies: Cc in its header, Bcc in the envelope only', async () => {
    const sent = await ada.result<Queued>('outbox.compose', {
      account: ada.account.id,
      to: ['dana@customer.example'],
      cc: ['eli@customer.example'],
      bcc: ['audit@example.com'],
      subject: 'Welcome aboard',
      text: 'Glad to have you.',
      now: true,
    });
    const message = await received(sent.messageId);
    expect(message.cc).toMatchObject({ value: [{ address: 'eli@customer.example' }] });
    expect(message.bcc).toBeUndefined();
    expect(message.headers.has('bcc')).toBe(false);
    expect(message.rcptTo).toEqual([
      'dana@customer.example',
      'eli@customer.example',
      'audit@example.com',
    ]);
  });

  it("ends a message with the sender's signature: their own before the team's, the mailbox's before any", async () => {
    const compose = async (text: string) => {
      const sent = await ada.result<Queued>('outbox.compose', {
        account: ada.account.id,
        to: ['dana@customer.example'],
        subject: 'Your order',
        text,
        now: true,
      });
      return (await received(sent.messageId)).text ?? '';
    };
    const anyMailbox = await ada.app.signatures.save({
      name: 'Team',
      text: 'The {{mailbox.name}} team',
    });
    const forSupport = await ada.app.signatures.save({
      name: 'Support desk',
      text: '{{agent.name}} at {{mailbox.name}}',
      mailbox: 'support@example.com',
    });
    const first = await compose('Your order shipped.');
    expect(first).toContain('-- \nAda at Support');
    expect(first).not.toContain('The Support team');

    const own = await ada.app.signatures.save({
      name: 'Ada',
      text: 'Ada, billing lead',
      personal: true,
    });
    const second = await compose('It arrives Monday.');
    expect(second).toContain('-- \nAda, billing lead');
    expect(second).not.toContain('Ada at Support');

    // Ben sees them all, Ada's own as hers; the team's are not his to change, nor is hers.
    await until('the signatures on Ben', async () => {
      await ben.app.sync.runOnce();
      return (await ben.app.signatures.list()).length === 3;
    });
    expect(
      (await ben.app.signatures.list()).find((signature) => signature.id === own.id)?.member,
    ).toMatchObject({ email: 'ada@example.com' });
    for (const id of [forSupport.id, own.id])
      expect(
        await ben.call('signatures.save', { id, name: 'Mine now', text: 'Ben' }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    for (const { id } of [anyMailbox, forSupport, own]) await ada.app.signatures.remove({ id });
    expect(await ada.app.signatures.list()).toEqual([]);
  });
});
