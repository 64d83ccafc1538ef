import { describe, expect, it } from 'vitest';
import { composeNew, composeReply } from '../../src/compose/index.js';
import { isUserError } from '../../src/errors.js';
import {
  addressesOf,
  AGENT,
  BOB,
  customerMessage,
  headerSection,
  JUDY,
  MAILBOX,
  NOW,
  ON_BEHALF,
  parse,
  SEND_AS,
} from './support/compose-kit.js';

/**
 * The headers of built messages, read back: From / Sender per sending mode, the envelope,
 * Message-ID kept or made, Date, non-ASCII names and subjects, Bcc.
 */

const fresh = (overrides: Partial<Parameters<typeof composeNew>[0]> = {}) =>
  composeNew({
    identity: SEND_AS,
    to: [JUDY],
    subject: 'Hello',
    text: 'Hi',
    now: NOW,
    ...overrides,
  });

describe('identity headers', () => {
  it('send-as: From is the mailbox, no Sender, the envelope from the mailbox', async () => {
    const message = await fresh();
    const parsed = await parse(message.raw);
    expect(addressesOf(parsed.from)).toEqual([MAILBOX]);
    expect(parsed.headers.has('sender')).toBe(false);
    expect(headerSection(message.raw)).toMatch(/^From: Acme Support <support@acme\.example>$/mu);
    expect(headerSection(message.raw)).not.toMatch(/^Sender:/imu);
    expect(message.envelope.from).toBe(MAILBOX.address);
  });

  it("on-behalf: From is the mailbox and Sender the agent; the envelope still the mailbox's", async () => {
    const message = await composeReply({
      identity: ON_BEHALF,
      original: customerMessage(),
      text: 'Hi',
      now: NOW,
    });
    const parsed = await parse(message.raw);
    expect(addressesOf(parsed.from)).toEqual([MAILBOX]);
    expect(headerSection(message.raw)).toMatch(/^Sender: Dana Kim <dana@acme\.example>$/mu);
    expect(message.envelope.from).toBe(MAILBOX.address);
  });

  it('refuses an identity whose address is not one', async () => {
    await expect(
      fresh({ identity: { ...SEND_AS, agent: { name: 'X', address: 'nobody' } } }),
    ).rejects.toSatisfy(
      (error) => isUserError(error, 'invalid') && error.field === 'identity.agent',
    );
  });
});

describe('Message-ID and Date', () => {
  it('keeps a Message-ID given, bare or in brackets, exactly', async () => {
    for (const given of ['<q1.AbC-9_z@acme.example>', 'q1.AbC-9_z@acme.example']) {
      const message = await fresh({ messageId: given });
      expect(message.messageId).toBe('q1.AbC-9_z@acme.example');
      expect(headerSection(message.raw)).toMatch(/^Message-ID: <q1\.AbC-9_z@acme\.example>$/mu);
      expect((await parse(message.raw)).messageId).toBe('<q1.AbC-9_z@acme.example>');
    }
    for (const broken of ['no-at-sign', 'two words@acme.example', '<a@b', '']) {
      await expect(fresh({ messageId: broken })).rejects.toSatisfy(
        (error) => isUserError(error, 'invalid') && error.field === 'messageId',
      );
    }
  });

  it("makes a random one at the mailbox's domain, different every time", async () => {
    const ids = await Promise.all([1, 2, 3].map(async () => (await fresh()).messageId));
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}@acme\.example$/u);
    expect(new Set(ids).size).toBe(3);
    const idn = await fresh({
      identity: { ...SEND_AS, mailbox: { address: 'hilfe@bücher.example' } },
    });
    expect(idn.messageId).toMatch(/@xn--bcher-kva\.example$/u);
    expect((await parse(idn.raw)).messageId).toBe(`<${idn.messageId}>`);
  });

  it('dates the message with the time given', async () => {
    const message = await fresh();
    expect(headerSection(message.raw)).toMatch(/^Date: Wed, 02 Dec 2026 10:30:00 \+0000$/mu);
    expect((await parse(message.raw)).date).toEqual(NOW);
  });
});

describe('encoding', () => {
  it('round-trips non-ASCII names and subjects as RFC 2047 words; the header stays ASCII', async () => {
    const zoe = { name: 'Zoë Ångström-Łukasz', address: 'zoe@customer.example' };
    const message = await composeReply({
      identity: {
        mailbox: { name: 'Åsa Café « Support »', address: 'support@acme.example' },
        agent: { name: '山田 太郎', address: 'taro@acme.example' },
        mode: 'on-behalf',
      },
      original: customerMessage({ from: zoe, subject: 'Grüße – 注文 #5 😀' }),
      text: 'Danke schön! 謝謝',
      now: NOW,
    });
    const headers = headerSection(message.raw);
    expect(headers).toMatch(/^[\x20-\x7e\r\n\t]*$/u);
    expect(headers).toContain('=?UTF-8?');
    const parsed = await parse(message.raw);
    expect(parsed.subject).toBe('Re: Grüße – 注文 #5 😀');
    expect(addressesOf(parsed.to)).toEqual([zoe]);
    expect(addressesOf(parsed.from)).toEqual([
      { name: 'Åsa Café « Support »', address: 'support@acme.example' },
    ]);
    expect(addressesOf(parsed.headers.get('sender') as never)).toEqual([
      { name: '山田 太郎', address: 'taro@acme.example' },
    ]);
    expect(parsed.text?.startsWith('Danke schön! 謝謝\n')).toBe(true);
    expect(parsed.text).toContain('Zoë Ångström-Łukasz <zoe@customer.example> wrote:');
  });

  it('writes CRLF line ends only, and no line over 998 characters', async () => {
    const message = await fresh({ text: 'one\ntwo\r\nthree\rfour' });
    expect(message.raw.toString('latin1')).not.toMatch(/[^\r]\n|\r(?!\n)/u);
    expect((await parse(message.raw)).text).toBe('one\ntwo\nthree\nfour\n');

    // RFC 5322 §2.1.1: a 3,000-character paragraph is encoded, not sent as one line.
    const long = 'word '.repeat(600).trim();
    const wide = await fresh({ text: long, subject: 'Hello '.repeat(40).trim() });
    const lines = wide.raw.toString('latin1').split('\r\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(998);
    const parsed = await parse(wide.raw);
    expect(parsed.text).toBe(`${long}\n`);
    expect(parsed.subject).toBe('Hello '.repeat(40).trim());
  });
});

describe('Bcc', () => {
  it('goes to the envelope only, never into the headers', async () => {
    const secret = { name: 'Team Lead', address: 'lead@acme.example' };
    const message = await fresh({ cc: [BOB], bcc: [secret, { address: 'JUDY@customer.example' }] });
    const headers = headerSection(message.raw);
    expect(headers).not.toMatch(/^Bcc:/imu);
    expect(message.raw.toString('latin1')).not.toContain('lead@acme.example');
    expect((await parse(message.raw)).bcc).toBeUndefined();
    // Judy is a To already: she gets the message once.
    expect(message.envelope.to).toEqual([JUDY.address, BOB.address, secret.address]);
    expect(message.bcc).toEqual([secret]);
  });
});

describe('a new message', () => {
  it('has no threading headers, its To and Cc as given, and needs a recipient and a text', async () => {
    const message = await fresh({
      to: [JUDY, { address: 'judy@CUSTOMER.example' }],
      cc: [JUDY, BOB],
    });
    expect(headerSection(message.raw)).not.toMatch(/^(?:In-Reply-To|References):/imu);
    const parsed = await parse(message.raw);
    expect(addressesOf(parsed.to)).toEqual([JUDY]);
    expect(addressesOf(parsed.cc)).toEqual([BOB]);
    await expect(fresh({ to: [] })).rejects.toSatisfy((error) => isUserError(error, 'invalid'));
    await expect(fresh({ text: '' })).rejects.toSatisfy(
      (error) => isUserError(error, 'invalid') && error.field === 'text',
    );
    expect(AGENT.address).not.toBe(MAILBOX.address);
  });
});
