import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView } from '../../src/app/contract/outputs.js';
import { foldedRange, NEWEST_SHOWN } from '../../src/queries/thread-fold.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { openSyncedFacade, type SyncedFacade } from './support/synced-facade.js';

/*
 * mail.conversation asked as a screen shows a long thread (`fold`), against a real Dovecot
 * mailbox synced by the real sync: the middle messages come without their texts, which
 * mail.message reads when one is opened.
 */

const USER = 'support';

/** A thread of 15 messages, one a minute, each quoting the one before. */
const LONG_THREAD = 15;
const threadMail = (index: number) =>
  [
    `Message-ID: <long-${index}@customer.example>`,
    ...(index > 0 ? [`In-Reply-To: <long-${index - 1}@customer.example>`] : []),
    'From: Carla <carla@customer.example>',
    'To: support@example.com',
    `Subject: ${index > 0 ? 'Re: ' : ''}Long thread`,
    `Date: Mon, 3 Feb 2025 10:${String(index).padStart(2, '0')}:00 +0000`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Part ${index + 1} of the long thread.`,
    '',
    '> what came before',
    '',
  ].join('\r\n');

let dovecot: Dovecot;
let t: SyncedFacade;
let long: string;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  for (let index = 0; index < LONG_THREAD; index += 1)
    await appendMessage(dovecot, USER, 'INBOX', threadMail(index));
  t = await openSyncedFacade(dovecot, USER);
  const listed = await t.app.mail.conversations({});
  expect(listed).toHaveLength(1);
  long = listed[0]!.id;
}, 60_000);

afterAll(async () => {
  await t?.close();
  await dovecot?.stop();
});

describe('mail.conversation of a long thread', () => {
  it("asked folded, leaves out the texts of a long thread's middle messages, which mail.message reads", async () => {
    const full = await t.result<ConversationView>('mail.conversation', { conversationId: long });
    expect(full.messages).toHaveLength(LONG_THREAD);
    expect(full.messages.every((m, index) => m.text?.startsWith(`Part ${index + 1} `))).toBe(true);
    expect(full.messages.some((m) => m.folded)).toBe(false);

    const folded = await t.result<ConversationView>('mail.conversation', {
      conversationId: long,
      fold: true,
    });
    const range = foldedRange(LONG_THREAD)!;
    expect(range).toEqual({ from: 1, to: LONG_THREAD - NEWEST_SHOWN });
    folded.messages.forEach((m, index) => {
      const leftOut = index >= range.from && index < range.to;
      expect(m.folded).toBe(leftOut);
      expect(m.text).toBe(leftOut ? null : full.messages[index]!.text);
      // Its own words, the quote left out, as a list row's snippet.
      expect(m.snippet).toBe(`Part ${index + 1} of the long thread.`);
    });
    const middle = folded.messages[range.from]!;
    expect(await t.result('mail.message', { messageId: middle.id })).toEqual({
      id: middle.id,
      html: null,
      text: full.messages[range.from]!.text,
    });
    expect(await t.call('mail.conversation', { conversationId: long, fold: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'fold' },
    });
  });
});
