import { describe, expect, it } from 'vitest';
import { composeNew, composeReply, MAX_REFERENCES } from '../../src/compose/index.js';
import {
  bareIds,
  customerMessage,
  headerSection,
  JUDY,
  MAILBOX,
  NOW,
  originalFromParsed,
  parse,
  SEND_AS,
} from './support/compose-kit.js';

/**
 * In-Reply-To and References of replies (RFC 5322 §3.6.4), read back from the built bytes with
 * mailparser: a real chain of messages where each reply is made from the previous one's bytes,
 * a long chain bounded, and originals with missing or odd threading headers.
 */

const JUDY_SENDS = { mailbox: JUDY, agent: JUDY, mode: 'send-as' } as const;

describe('threading headers of a reply', () => {
  it('follow a chain of three messages, each reply made from the bytes of the one before', async () => {
    const first = await composeNew({
      identity: JUDY_SENDS,
      to: [MAILBOX],
      subject: 'Broken kettle',
      text: 'It broke.',
      now: NOW,
    });
    const parsedFirst = await parse(first.raw);
    expect(parsedFirst.inReplyTo).toBeUndefined();
    expect(parsedFirst.references).toBeUndefined();

    // Support answers, Judy answers that, support answers again: each from the previous bytes.
    const ids = [first.messageId];
    let parsed = parsedFirst;
    for (const identity of [SEND_AS, JUDY_SENDS, SEND_AS]) {
      const reply = await composeReply({
        identity,
        original: originalFromParsed(parsed),
        text: 'Thanks.',
        now: NOW,
      });
      parsed = await parse(reply.raw);
      expect(bareIds(parsed.inReplyTo)).toEqual([ids.at(-1)]);
      expect(bareIds(parsed.references)).toEqual(ids);
      expect(reply.inReplyTo).toBe(ids.at(-1));
      expect(reply.references).toEqual(ids);
      ids.push(reply.messageId);
    }
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it('keep the first id and the newest ones of a 60-id chain, 21 in all', async () => {
    const chain = Array.from({ length: 60 }, (_, i) => `m${i}.${'x'.repeat(30)}@customer.example`);
    const reply = await composeReply({
      identity: SEND_AS,
      original: customerMessage({
        messageId: chain[59]!,
        inReplyTo: chain[58]!,
        references: chain.slice(0, 59),
      }),
      text: 'Noted.',
      now: NOW,
    });
    const parsed = await parse(reply.raw);
    const expected = [chain[0]!, ...chain.slice(40)];
    expect(MAX_REFERENCES).toBe(21);
    expect(bareIds(parsed.references)).toEqual(expected);
    expect(reply.references).toEqual(expected);
    expect(bareIds(parsed.inReplyTo)).toEqual([chain[59]]);
    // Folded (RFC 5322 §2.2.3): no physical header line over 78 characters, let alone 998.
    const longest = Math.max(
      ...headerSection(reply.raw)
        .split('\r\n')
        .map((l) => l.length),
    );
    expect(longest).toBeLessThanOrEqual(78);

    // The next reply in that chain still starts from the root, and still holds 21.
    const next = await composeReply({
      identity: SEND_AS,
      original: originalFromParsed(parsed),
      text: 'Again.',
      now: NOW,
    });
    expect(next.references).toHaveLength(21);
    expect(next.references[0]).toBe(chain[0]);
    expect(next.references.at(-1)).toBe(reply.messageId);
  });

  it('use the In-Reply-To of an original without References when it holds one id', async () => {
    const reply = await composeReply({
      identity: SEND_AS,
      original: customerMessage({ messageId: 'b@x.example', inReplyTo: 'a@x.example' }),
      text: 'Yes.',
      now: NOW,
    });
    const parsed = await parse(reply.raw);
    expect(bareIds(parsed.references)).toEqual(['a@x.example', 'b@x.example']);
    expect(bareIds(parsed.inReplyTo)).toEqual(['b@x.example']);
  });

  it('ignore an In-Reply-To that holds several ids (RFC 5322 §3.6.4 uses only a single one)', async () => {
    const reply = await composeReply({
      identity: SEND_AS,
      original: customerMessage({
        messageId: 'c@x.example',
        inReplyTo: '<a@x.example> <b@x.example>',
      }),
      text: 'Yes.',
      now: NOW,
    });
    expect(bareIds((await parse(reply.raw)).references)).toEqual(['c@x.example']);
  });

  it('give no In-Reply-To for an original without a Message-ID, and References from what it has', async () => {
    const reply = await composeReply({
      identity: SEND_AS,
      original: customerMessage({
        messageId: null,
        inReplyTo: 'b@x.example',
        references: ['a@x.example', 'b@x.example'],
      }),
      text: 'Yes.',
      now: NOW,
    });
    const parsed = await parse(reply.raw);
    expect(parsed.inReplyTo).toBeUndefined();
    expect(headerSection(reply.raw)).not.toMatch(/^In-Reply-To:/imu);
    expect(bareIds(parsed.references)).toEqual(['a@x.example', 'b@x.example']);
    expect(reply.inReplyTo).toBeNull();

    const bare = await composeReply({
      identity: SEND_AS,
      original: customerMessage({ messageId: null }),
      text: 'Yes.',
      now: NOW,
    });
    expect(headerSection(bare.raw)).not.toMatch(/^(?:In-Reply-To|References):/imu);
    expect(bare.references).toEqual([]);
  });

  it('list each id once, the root first and the parent last, when the original repeats ids', async () => {
    const reply = await composeReply({
      identity: SEND_AS,
      original: customerMessage({
        messageId: 'c@x.example',
        references: ['a@x.example', 'c@x.example', 'b@x.example', 'a@x.example'],
      }),
      text: 'Yes.',
      now: NOW,
    });
    expect(bareIds((await parse(reply.raw)).references)).toEqual([
      'a@x.example',
      'b@x.example',
      'c@x.example',
    ]);
  });
});
