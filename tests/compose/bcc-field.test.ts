import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { withBccField } from '../../src/compose/index.js';

const SENT = Buffer.from(
  'From: Support <support@acme.example>\r\nTo: jane@customer.example\r\nSubject: Re: Refund\r\nMessage-ID: <r1@acme.example>\r\n\r\nDone.\r\n',
);

describe('the Sent copy’s Bcc field', () => {
  it('names the blind copies, names encoded, the message’s own bytes unchanged after it', async () => {
    const copy = withBccField(SENT, [
      { name: 'Jürgen Müller, Audit', address: 'audit@acme.example' },
      { address: 'ops@acme.example' },
    ]);
    expect(copy.subarray(copy.length - SENT.length).equals(SENT)).toBe(true);
    const head = copy.subarray(0, copy.length - SENT.length).toString('latin1');
    expect(head).toMatch(/^Bcc: [\x20-\x7e\r\n\t]+\r\n$/u);
    const parsed = await simpleParser(copy);
    expect(parsed.bcc).toMatchObject({
      value: [
        { name: 'Jürgen Müller, Audit', address: 'audit@acme.example' },
        { name: '', address: 'ops@acme.example' },
      ],
    });
    expect(parsed.messageId).toBe('<r1@acme.example>');
  });

  it('leaves a message without blind copies as it is', () => {
    expect(withBccField(SENT, [])).toBe(SENT);
  });
});
