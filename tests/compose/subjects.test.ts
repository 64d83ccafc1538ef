import { describe, expect, it } from 'vitest';
import {
  composeForward,
  composeReply,
  forwardSubject,
  replySubject,
} from '../../src/compose/index.js';
import { customerMessage, NOW, parse, SEND_AS } from './support/compose-kit.js';

/** One `Re: ` / `Fwd: ` in front, whatever prefixes (localized, counted, repeated) came before. */

const REPLIES: Array<[string, string]> = [
  ['Order 1234', 'Re: Order 1234'],
  ['Re: Order 1234', 'Re: Order 1234'],
  ['RE: re: Re: Order 1234', 'Re: Order 1234'],
  ['Re[2]: Order 1234', 'Re: Order 1234'],
  ['Re(3): Order 1234', 'Re: Order 1234'],
  ['RE [4] : Order 1234', 'Re: Order 1234'],
  ['AW: Re: AW: Order 1234', 'Re: Order 1234'],
  ['SV: Order 1234', 'Re: Order 1234'],
  ['VS: Order 1234', 'Re: Order 1234'],
  ['Antw: Order 1234', 'Re: Order 1234'],
  ['RÉF : Order 1234', 'Re: Order 1234'],
  ['RIF: Order 1234', 'Re: Order 1234'],
  ['Odp: Order 1234', 'Re: Order 1234'],
  ['YNT: Order 1234', 'Re: Order 1234'],
  ['RES: Order 1234', 'Re: Order 1234'],
  ['回复：订单 1234', 'Re: 订单 1234'],
  ['  re:Order 1234  ', 'Re: Order 1234'],
  // A forward is part of what is replied to: its prefix stays, as every client writes it.
  ['Fwd: Order 1234', 'Re: Fwd: Order 1234'],
  ['Re: Fwd: Re: Order 1234', 'Re: Fwd: Re: Order 1234'],
  // Words that only start like a prefix are the subject.
  ['Research results', 'Re: Research results'],
  ['Regarding: the invoice', 'Re: Regarding: the invoice'],
  ['Aware: nothing', 'Re: Aware: nothing'],
  // Empty: the prefix alone (a trailing blank would be lost in transit anyway).
  ['', 'Re:'],
  ['Re:', 'Re:'],
  ['  ', 'Re:'],
  // A line break would end the header.
  ['Order\r\n 1234', 'Re: Order 1234'],
];

const FORWARDS: Array<[string, string]> = [
  ['Order 1234', 'Fwd: Order 1234'],
  ['Fwd: Order 1234', 'Fwd: Order 1234'],
  ['FW: Fwd: fw: Order 1234', 'Fwd: Order 1234'],
  ['WG: Order 1234', 'Fwd: Order 1234'],
  ['TR: Order 1234', 'Fwd: Order 1234'],
  ['RV: Order 1234', 'Fwd: Order 1234'],
  ['ENC: Order 1234', 'Fwd: Order 1234'],
  ['VL: Order 1234', 'Fwd: Order 1234'],
  ['Fw[2]: Order 1234', 'Fwd: Order 1234'],
  ['转发：订单', 'Fwd: 订单'],
  ['Re: Order 1234', 'Fwd: Re: Order 1234'],
  ['Fwd: Re: Order 1234', 'Fwd: Re: Order 1234'],
  ['Trial period', 'Fwd: Trial period'],
  ['', 'Fwd:'],
];

describe('subjects', () => {
  it.each(REPLIES)('a reply to %j is %j', (subject, expected) => {
    expect(replySubject(subject)).toBe(expected);
  });

  it.each(FORWARDS)('a forward of %j is %j', (subject, expected) => {
    expect(forwardSubject(subject)).toBe(expected);
  });

  it('are what the recipient reads in the built message', async () => {
    const original = customerMessage({ subject: 'AW: RE: Re[2]: Grüße aus Köln' });
    const reply = await composeReply({ identity: SEND_AS, original, text: 'Hallo', now: NOW });
    expect((await parse(reply.raw)).subject).toBe('Re: Grüße aus Köln');
    expect(reply.subject).toBe('Re: Grüße aus Köln');

    const empty = await composeReply({
      identity: SEND_AS,
      original: customerMessage({ subject: '' }),
      text: 'Hello',
      now: NOW,
    });
    expect((await parse(empty.raw)).subject).toBe(empty.subject);

    const forward = await composeForward({
      identity: SEND_AS,
      original: customerMessage({ subject: 'WG: FW: Angebot' }),
      to: [{ address: 'partner@example.org' }],
      now: NOW,
    });
    expect((await parse(forward.raw)).subject).toBe('Fwd: Angebot');
  });
});
