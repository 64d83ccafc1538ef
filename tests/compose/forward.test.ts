import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { composeForward } from '../../src/compose/index.js';
import { isUserError } from '../../src/errors.js';
import {
  addressesOf,
  bareIds,
  BOB,
  CAROL,
  customerMessage,
  headerSection,
  NOW,
  parse,
  SEND_AS,
} from './support/compose-kit.js';

/** A forward read back from its bytes: the forwarded block, the attachments, threading. */

const PARTNER = { name: 'Parts Partner', address: 'orders@partner.example' };
const INVOICE = {
  filename: 'Rechnung März.pdf',
  contentType: 'application/pdf',
  content: randomBytes(70_000),
};
const PHOTO = { filename: 'kettle.jpg', contentType: 'image/jpeg', content: randomBytes(3_000) };
const ORIGINAL = customerMessage({
  references: ['root@customer.example'],
  messageId: 'broken@customer.example',
  subject: 'Re: Broken kettle',
  to: [{ name: 'Acme Support', address: 'support@acme.example' }],
  cc: [BOB],
  text: 'The kettle <b>broke</b>.',
  attachments: [INVOICE, PHOTO],
});

describe('a forward', () => {
  it('carries the original under a forwarded-message block with its attachments, bytes equal', async () => {
    const note = {
      filename: 'note.txt',
      contentType: 'text/plain',
      content: Buffer.from('see above\n'),
    };
    const forward = await composeForward({
      identity: SEND_AS,
      original: ORIGINAL,
      to: [PARTNER],
      cc: [CAROL],
      text: 'Could you send a replacement?',
      signature: 'Dana',
      attachments: [note],
      now: NOW,
    });
    const parsed = await parse(forward.raw);
    expect(parsed.subject).toBe('Fwd: Re: Broken kettle');
    expect(addressesOf(parsed.to)).toEqual([PARTNER]);
    expect(addressesOf(parsed.cc)).toEqual([CAROL]);
    expect(parsed.text).toBe(
      [
        'Could you send a replacement?',
        '',
        '-- ',
        'Dana',
        '',
        '---------- Forwarded message ---------',
        'From: Judy Smith <judy@customer.example>',
        'Date: Tue, 1 Dec 2026 at 09:00 UTC',
        'Subject: Re: Broken kettle',
        'To: Acme Support <support@acme.example>',
        'Cc: Bob Stone <bob@customer.example>',
        '',
        'The kettle <b>broke</b>.',
        '',
      ].join('\n'),
    );
    expect(parsed.html).toContain('<p>The kettle &lt;b&gt;broke&lt;/b&gt;.</p>');
    expect(parsed.html).toContain(
      '---------- Forwarded message ---------<br>From: Judy Smith &lt;',
    );
    expect(
      parsed.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
    ).toEqual([INVOICE, PHOTO, note]);
  });

  it('leaves the original attachments behind when asked', async () => {
    const forward = await composeForward({
      identity: SEND_AS,
      original: ORIGINAL,
      to: [PARTNER],
      includeAttachments: false,
      now: NOW,
    });
    expect((await parse(forward.raw)).attachments).toEqual([]);
  });

  it('references the original without replying to it', async () => {
    const forward = await composeForward({
      identity: SEND_AS,
      original: ORIGINAL,
      to: [PARTNER],
      now: NOW,
    });
    const parsed = await parse(forward.raw);
    expect(bareIds(parsed.references)).toEqual([
      'root@customer.example',
      'broken@customer.example',
    ]);
    expect(headerSection(forward.raw)).not.toMatch(/^In-Reply-To:/imu);
    expect(forward.inReplyTo).toBeNull();
    // No agent text: the block comes first.
    expect(parsed.text?.startsWith('---------- Forwarded message ---------\n')).toBe(true);
  });

  it('needs a recipient, and refuses one that is not an address, naming it', async () => {
    await expect(
      composeForward({ identity: SEND_AS, original: ORIGINAL, to: [], now: NOW }),
    ).rejects.toSatisfy((error) => isUserError(error, 'invalid') && error.field === 'to');
    await expect(
      composeForward({
        identity: SEND_AS,
        original: ORIGINAL,
        to: [{ address: 'orders@partner.example\r\nBcc: spy@evil.example' }],
        now: NOW,
      }),
    ).rejects.toSatisfy(
      (error) => isUserError(error, 'invalid') && error.message.includes('is not an email address'),
    );
  });
});
