import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeReply } from '../../src/compose/index.js';
import {
  addressesOf,
  bareIds,
  customerMessage,
  headerSection,
  MAILBOX,
  NOW,
  ON_BEHALF,
  parse,
} from './support/compose-kit.js';

/**
 * A composed reply handed to a real SMTP server (smtp-server on loopback) the way the outbox
 * will hand it (nodemailer, `raw` and the envelope): the server takes it, and what it received
 * is the composed bytes, headers and all.
 */

interface Received {
  mailFrom: string;
  rcptTo: string[];
  data: Buffer;
}

let server: SMTPServer;
let port: number;
const received: Received[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const address = (entry: SMTPServerAddress | false): string => (entry ? entry.address : '');
        received.push({
          mailFrom: address(session.envelope.mailFrom),
          rcptTo: session.envelope.rcptTo.map(address),
          data: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('a composed reply submitted over SMTP', () => {
  it('is accepted, and the server receives exactly its bytes', async () => {
    const reply = await composeReply({
      identity: ON_BEHALF,
      original: customerMessage({ cc: [{ name: 'Bob Stone', address: 'bob@customer.example' }] }),
      all: true,
      text: 'Hi Judy,\n\n. a line that starts with a dot\n\nit ships today.',
      signature: 'Dana',
      bcc: [{ address: 'lead@acme.example' }],
      now: NOW,
      messageId: 'fixed-at-queue-time.1@acme.example',
    });
    const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    try {
      const info = await transport.sendMail({ envelope: reply.envelope, raw: reply.raw });
      expect(info.accepted).toEqual(reply.envelope.to);
    } finally {
      transport.close();
    }

    expect(received).toHaveLength(1);
    const [got] = received as [Received];
    expect(got.mailFrom).toBe(MAILBOX.address);
    expect(got.rcptTo).toEqual([
      'judy@customer.example',
      'bob@customer.example',
      'lead@acme.example',
    ]);
    // Dot-stuffing (RFC 5321 §4.5.2) is undone by the server: the very bytes arrive.
    expect(headerSection(got.data)).toBe(headerSection(reply.raw));
    expect(got.data.equals(reply.raw)).toBe(true);

    const parsed = await parse(got.data);
    expect(parsed.messageId).toBe('<fixed-at-queue-time.1@acme.example>');
    expect(addressesOf(parsed.from)).toEqual([MAILBOX]);
    expect(addressesOf(parsed.headers.get('sender') as never)).toEqual([
      { name: 'Dana Kim', address: 'dana@acme.example' },
    ]);
    expect(bareIds(parsed.inReplyTo)).toEqual(['first@customer.example']);
    expect(parsed.text).toContain('\n. a line that starts with a dot\n');
    expect(got.data.toString('latin1')).not.toContain('lead@acme.example');
  });
});
