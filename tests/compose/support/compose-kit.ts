import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type {
  Address,
  OriginalMessage,
  SendingIdentity,
} from '../../../src/compose/compose-types.js';

/** The shared mailbox and the agent working it, in the test messages. */
export const MAILBOX: Address = { name: 'Acme Support', address: 'support@acme.example' };
export const AGENT: Address = { name: 'Dana Kim', address: 'dana@acme.example' };
export const SEND_AS: SendingIdentity = { mailbox: MAILBOX, agent: AGENT, mode: 'send-as' };
export const ON_BEHALF: SendingIdentity = { mailbox: MAILBOX, agent: AGENT, mode: 'on-behalf' };

export const JUDY: Address = { name: 'Judy Smith', address: 'judy@customer.example' };
export const BOB: Address = { name: 'Bob Stone', address: 'bob@customer.example' };
export const CAROL: Address = { name: 'Carol Diaz', address: 'carol@other.example' };

export const NOW = new Date(Date.UTC(2026, 11, 2, 10, 30));

/** A customer's message to the mailbox; `overrides` change any field. */
export function customerMessage(overrides: Partial<OriginalMessage> = {}): OriginalMessage {
  return {
    messageId: 'first@customer.example',
    inReplyTo: null,
    references: [],
    subject: 'Order 1234',
    from: JUDY,
    replyTo: [],
    to: [MAILBOX],
    cc: [],
    date: new Date(Date.UTC(2026, 11, 1, 9, 0)),
    text: 'Hello,\n\nwhere is my order?\n\nJudy',
    ...overrides,
  };
}

export const parse = (raw: Buffer): Promise<ParsedMail> => simpleParser(raw);

/** Bare ids out of mailparser's `<id>` strings (one string, or a list). */
export function bareIds(value: string | string[] | undefined): string[] {
  return [value ?? []]
    .flat()
    .flatMap((entry) => [...entry.matchAll(/<([^>]+)>/gu)].map((m) => m[1]!));
}

/** A parsed address header's entries, as plain Address values. */
export function addressesOf(header: AddressObject | AddressObject[] | undefined): Address[] {
  return [header ?? []]
    .flat()
    .flatMap((object) => object.value)
    .map((entry) =>
      entry.name ? { name: entry.name, address: entry.address! } : { address: entry.address! },
    );
}

/** What the cache would make of a sent message: the original of the next reply in a chain. */
export function originalFromParsed(parsed: ParsedMail): OriginalMessage {
  return {
    messageId: bareIds(parsed.messageId)[0] ?? null,
    inReplyTo: bareIds(parsed.inReplyTo).at(-1) ?? null,
    references: bareIds(parsed.references),
    subject: parsed.subject ?? '',
    from: addressesOf(parsed.from)[0] ?? null,
    replyTo: addressesOf(parsed.replyTo),
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    date: parsed.date ?? null,
    text: parsed.text ?? '',
  };
}

/** The raw header section, for checks mailparser would hide (a header that must be absent). */
export const headerSection = (raw: Buffer): string => raw.toString('latin1').split('\r\n\r\n')[0]!;
