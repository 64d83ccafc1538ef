import { describe, expect, it } from 'vitest';
import { composeReply, type OriginalMessage } from '../../src/compose/index.js';
import { isUserError } from '../../src/errors.js';
import {
  addressesOf,
  AGENT,
  BOB,
  CAROL,
  customerMessage,
  headerSection,
  JUDY,
  MAILBOX,
  NOW,
  parse,
  SEND_AS,
} from './support/compose-kit.js';

/** Who a reply and a reply-all go to, read back from the built message's To and Cc. */

async function replyTo(original: OriginalMessage, all = false) {
  const reply = await composeReply({ identity: SEND_AS, original, text: 'Hi', now: NOW, all });
  const parsed = await parse(reply.raw);
  return {
    reply,
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    headers: headerSection(reply.raw),
  };
}

describe('reply recipients', () => {
  it("a reply goes to the original's From, and only there", async () => {
    const { reply, to, cc } = await replyTo(customerMessage({ to: [MAILBOX, BOB], cc: [CAROL] }));
    expect(to).toEqual([JUDY]);
    expect(cc).toEqual([]);
    expect(reply.envelope.to).toEqual([JUDY.address]);
  });

  it("a reply goes to the original's Reply-To when it has one", async () => {
    const desk = { name: 'Customer Desk', address: 'desk@customer.example' };
    const { to } = await replyTo(customerMessage({ replyTo: [desk, BOB] }));
    expect(to).toEqual([desk, BOB]);
  });

  it("a reply to the mailbox's own message is a follow-up to its To; reply-all adds its Cc", async () => {
    const ours = customerMessage({
      from: { name: 'Acme Support', address: 'Support@ACME.example' },
      to: [JUDY, BOB],
      cc: [CAROL],
    });
    const plain = await replyTo(ours);
    expect(plain.to).toEqual([JUDY, BOB]);
    expect(plain.cc).toEqual([]);
    const all = await replyTo(ours, true);
    expect(all.to).toEqual([JUDY, BOB]);
    expect(all.cc).toEqual([CAROL]);
  });

  it("reply-all adds the original's To and Cc without the mailbox, the agent or duplicates", async () => {
    const { reply, to, cc, headers } = await replyTo(
      customerMessage({
        to: [MAILBOX, BOB, { address: 'DANA@acme.example' }],
        cc: [
          CAROL,
          { address: 'JUDY@customer.example' },
          { name: 'B. Stone', address: 'Bob@Customer.Example' },
          { address: 'support@acme.example' },
        ],
      }),
      true,
    );
    expect(to).toEqual([JUDY]);
    expect(cc).toEqual([BOB, CAROL]);
    expect(reply.envelope.to).toEqual([JUDY.address, BOB.address, CAROL.address]);
    expect(headers.toLowerCase()).not.toContain(`<${AGENT.address}>`);
    expect(headers.toLowerCase().match(/support@acme\.example/gu)).toHaveLength(1); // From only
  });

  it('a message the mailbox sent itself with a Reply-To (a web form) is answered at the Reply-To', async () => {
    const form = customerMessage({ from: MAILBOX, to: [MAILBOX], replyTo: [JUDY] });
    expect((await replyTo(form)).to).toEqual([JUDY]);
    const ownReplyTo = customerMessage({ from: MAILBOX, to: [BOB], replyTo: [MAILBOX] });
    expect((await replyTo(ownReplyTo)).to).toEqual([BOB]);
  });

  it('keeps the first display name seen for an address', async () => {
    const { to, cc } = await replyTo(
      customerMessage({
        from: { address: 'judy@customer.example' },
        to: [MAILBOX, { address: 'bob@customer.example' }],
        cc: [
          { name: 'Judy S.', address: 'judy@customer.example' },
          BOB,
          { name: 'Robert', address: 'bob@customer.example' },
        ],
      }),
      true,
    );
    expect(to).toEqual([{ name: 'Judy S.', address: 'judy@customer.example' }]);
    expect(cc).toEqual([BOB]);
  });

  it("moves the Cc up when the only sender was the agent's own address", async () => {
    const { to, cc } = await replyTo(
      customerMessage({ from: AGENT, to: [MAILBOX], cc: [BOB] }),
      true,
    );
    expect(to).toEqual([BOB]);
    expect(cc).toEqual([]);
  });

  it('refuses a reply that would have no recipient', async () => {
    const alone = customerMessage({ from: MAILBOX, to: [MAILBOX], cc: [] });
    await expect(replyTo(alone)).rejects.toSatisfy(
      (error) => isUserError(error, 'invalid') && error.message.includes('no recipient'),
    );
    const onlyUs = customerMessage({ from: AGENT, to: [MAILBOX], cc: [AGENT] });
    await expect(replyTo(onlyUs, true)).rejects.toSatisfy(
      (error) => isUserError(error, 'invalid') && error.field === 'to',
    );
    const nobody = customerMessage({ from: null, to: [MAILBOX] });
    await expect(replyTo(nobody)).rejects.toSatisfy((error) => isUserError(error, 'invalid'));
  });
});
