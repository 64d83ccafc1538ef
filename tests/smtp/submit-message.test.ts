import { describe, expect, it } from 'vitest';
import { submitMessage, type SubmitOptions } from '../../src/smtp/submit-message.js';
import { freePort } from '../helpers/free-port.js';
import { until } from '../helpers/wait.js';
import {
  PASSWORD,
  readAll,
  receivedOf,
  replyError,
  smtpServersPerTest,
  USER,
  type TestSmtpServer,
} from './support/test-smtp-server.js';

/*
 * submitMessage against a real SMTP server (smtp-server on loopback): each outcome the outbox
 * builds "never twice" on, where beforeData runs, and TLS as the account asks for it.
 */

const CUSTOMER = 'customer@example.com';

/** CRLF lines, a line that starts with a dot, a lone dot and 8-bit text: all must arrive as is. */
const RAW = Buffer.from(
  [
    'From: "Acme Support" <support@acme.example>',
    `To: ${CUSTOMER}`,
    'Subject: Re: Refund 1001',
    'Message-ID: <fixed-1@acme.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Hello,',
    '.this line starts with a dot',
    '.',
    'Grüße',
    '',
  ].join('\r\n'),
);

const { server, cert } = smtpServersPerTest();

/** Counts its calls, and records them in the server's event list to show where it ran. */
function hookFor(smtp: TestSmtpServer | undefined) {
  const hook = () => {
    hook.calls += 1;
    smtp?.events.push('beforeData');
  };
  hook.calls = 0;
  return hook;
}

function submit(smtp: TestSmtpServer, changes: Partial<SubmitOptions> = {}) {
  return submitMessage({
    endpoint: smtp.endpoint(),
    credentials: { password: PASSWORD },
    envelope: { from: USER, to: [CUSTOMER] },
    raw: RAW,
    ...changes,
  });
}

describe('accepted', () => {
  it('delivers the exact bytes with password login, calling beforeData once between the envelope and the message', async () => {
    const smtp = await server();
    const beforeData = hookFor(smtp);
    const outcome = await submit(smtp, {
      envelope: { from: USER, to: [CUSTOMER, 'second@example.com'] },
      beforeData,
    });
    expect(outcome).toEqual({ kind: 'accepted', response: '250 OK: queued as Q1' });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.raw.equals(RAW)).toBe(true);
    expect(smtp.received[0]).toMatchObject({ from: USER, to: [CUSTOMER, 'second@example.com'] });
    expect(beforeData.calls).toBe(1);
    expect(smtp.events.slice(0, 5)).toEqual([
      `mail ${USER}`,
      `rcpt ${CUSTOMER}`,
      'rcpt second@example.com',
      'beforeData',
      'data',
    ]);
  });

  it('logs in with an XOAUTH2 access token', async () => {
    const tokens: string[] = [];
    const smtp = await server(() => ({
      authMethods: ['XOAUTH2'],
      onAuth(auth, _session, callback) {
        tokens.push(`${auth.method} ${auth.username} ${auth.accessToken}`);
        if (auth.accessToken === 'ya29.good-token') callback(null, { user: USER });
        else callback(null, { data: { status: '401', schemes: 'bearer' } });
      },
    }));
    const outcome = await submit(smtp, { credentials: { accessToken: 'ya29.good-token' } });
    expect(outcome.kind).toBe('accepted');
    expect(tokens).toEqual([`XOAUTH2 ${USER} ya29.good-token`]);
    expect(smtp.received[0]!.raw.equals(RAW)).toBe(true);
  });
});

describe('temporary', () => {
  it('a refused password: the account is at fault, nothing sent', async () => {
    const smtp = await server();
    const beforeData = hookFor(smtp);
    const outcome = await submit(smtp, { credentials: { password: 'wrong' }, beforeData });
    expect(outcome).toEqual({
      kind: 'temporary',
      reason: `authentication failed for ${USER} at the SMTP server at 127.0.0.1:${smtp.port}: the server said "535 5.7.8 Authentication credentials invalid"`,
      code: 535,
      accountProblem: true,
    });
    expect(beforeData.calls).toBe(0);
  });

  it('a refused access token: the account is at fault', async () => {
    const smtp = await server(() => ({
      authMethods: ['XOAUTH2'],
      onAuth: (_auth, _session, callback) =>
        callback(null, { data: { status: '401', schemes: 'bearer' } }),
    }));
    const outcome = await submit(smtp, { credentials: { accessToken: 'ya29.expired' } });
    expect(outcome).toEqual({
      kind: 'temporary',
      reason: `authentication failed for ${USER} at the SMTP server at 127.0.0.1:${smtp.port}: the server said "535 Error: Username and Password not accepted"`,
      accountProblem: true,
    });
  });

  it('a 4xx to RCPT TO: try later, the message not sent', async () => {
    const smtp = await server(() => ({
      onRcptTo: (_address, _session, callback) =>
        callback(replyError(450, '4.2.1 Mailbox busy, try later')),
    }));
    const beforeData = hookFor(smtp);
    const outcome = await submit(smtp, { beforeData });
    expect(outcome).toEqual({
      kind: 'temporary',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} refused the recipient ${CUSTOMER} (450 4.2.1 Mailbox busy, try later)`,
      code: 450,
    });
    expect(beforeData.calls).toBe(0);
    await until('the session to end', () => smtp.closed === 1);
    expect(smtp.events).not.toContain('data');
  });

  it('a 451 to the message: try later', async () => {
    const smtp = await server(() => ({
      onData(stream, _session, callback) {
        void readAll(stream).then(() =>
          callback(replyError(451, '4.3.0 Local error in processing')),
        );
      },
    }));
    const beforeData = hookFor(smtp);
    const outcome = await submit(smtp, { beforeData });
    expect(outcome).toEqual({
      kind: 'temporary',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} refused the message: 451 4.3.0 Local error in processing`,
      code: 451,
    });
    expect(beforeData.calls).toBe(1);
  });

  it('a server that stops answering in the envelope: safe to retry, within stallMs', async () => {
    const smtp = await server(({ events }) => ({
      onRcptTo(address) {
        // Never calls back: the reply to RCPT TO never comes.
        events.push(`rcpt ${address.address}`);
      },
    }));
    const beforeData = hookFor(smtp);
    const outcome = await submit(smtp, { beforeData, deadlines: { stallMs: 300 } });
    expect(outcome).toEqual({
      kind: 'temporary',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} stopped answering while sending the envelope (no data for 0.3 s)`,
    });
    expect(beforeData.calls).toBe(0);
  });

  it('nothing listening: the network, before anything was sent', async () => {
    const port = await freePort();
    const beforeData = hookFor(undefined);
    const outcome = await submitMessage({
      endpoint: {
        protocol: 'smtp',
        host: '127.0.0.1',
        port,
        user: USER,
        secure: false,
        requireStartTls: false,
      },
      credentials: { password: PASSWORD },
      envelope: { from: USER, to: [CUSTOMER] },
      raw: RAW,
      beforeData,
    });
    expect(outcome).toEqual({
      kind: 'temporary',
      reason: `cannot reach the SMTP server at 127.0.0.1:${port}: nothing listens on that port (ECONNREFUSED)`,
    });
    expect(beforeData.calls).toBe(0);
  });
});

describe('permanent', () => {
  it('a 550 to RCPT TO keeps the server reason', async () => {
    const smtp = await server(() => ({
      onRcptTo: (_address, _session, callback) => callback(replyError(550, '5.1.1 no such user')),
    }));
    const outcome = await submit(smtp);
    expect(outcome).toEqual({
      kind: 'permanent',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} refused the recipient ${CUSTOMER} (550 5.1.1 no such user)`,
      code: 550,
    });
  });

  it('one recipient of three refused: sent to none, each refusal named', async () => {
    const smtp = await server(({ events }) => ({
      onRcptTo(address, _session, callback) {
        events.push(`rcpt ${address.address}`);
        if (address.address === 'typo@example.com') callback(replyError(550, '5.1.1 no such user'));
        else callback();
      },
    }));
    const beforeData = hookFor(smtp);
    const outcome = await submit(smtp, {
      envelope: { from: USER, to: [CUSTOMER, 'typo@example.com', 'third@example.com'] },
      beforeData,
    });
    expect(outcome).toEqual({
      kind: 'permanent',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} refused the recipient typo@example.com (550 5.1.1 no such user); not sent to the other 2 recipients either`,
      code: 550,
    });
    await until('the session to end', () => smtp.closed === 1);
    expect(smtp.events).toEqual([
      `mail ${USER}`,
      `rcpt ${CUSTOMER}`,
      'rcpt typo@example.com',
      'rcpt third@example.com',
      'close',
    ]);
    expect(beforeData.calls).toBe(0);
  });

  it('a 554 to the message keeps the server reason', async () => {
    const smtp = await server(() => ({
      onData(stream, _session, callback) {
        void readAll(stream).then(() =>
          callback(replyError(554, '5.7.1 Message rejected as spam')),
        );
      },
    }));
    const outcome = await submit(smtp);
    expect(outcome).toEqual({
      kind: 'permanent',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} refused the message: 554 5.7.1 Message rejected as spam`,
      code: 554,
    });
  });

  it('a 5xx to MAIL FROM names the sender', async () => {
    const smtp = await server(() => ({
      onMailFrom: (_address, _session, callback) =>
        callback(replyError(553, '5.7.1 Sender address rejected: not owned by user')),
    }));
    const outcome = await submit(smtp);
    expect(outcome).toEqual({
      kind: 'permanent',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} refused the sender ${USER}: 553 5.7.1 Sender address rejected: not owned by user`,
      code: 553,
    });
  });

  it('a message over the size the server announces is refused before it is sent', async () => {
    const smtp = await server(() => ({ size: 100 }));
    const beforeData = hookFor(smtp);
    const outcome = await submit(smtp, { beforeData });
    expect(outcome).toEqual({
      kind: 'permanent',
      reason: `cannot send through the SMTP server at 127.0.0.1:${smtp.port}: it takes messages up to 100 bytes and this one is ${RAW.length} bytes`,
    });
    await until('the session to end', () => smtp.closed === 1);
    expect(smtp.events).toEqual(['close']);
    expect(beforeData.calls).toBe(0);
  });
});

describe('unknown', () => {
  it('the server takes the whole message, holds its reply, then the connection dies', async () => {
    const smtp = await server(({ received }) => ({
      onData(stream, session) {
        // Never calls back: the reply to the final dot is held until the socket is cut.
        void readAll(stream).then((raw) => received.push(receivedOf(raw, session)));
      },
    }));
    const beforeData = hookFor(smtp);
    const submitted = submit(smtp, { beforeData });
    await until('the whole message at the server', () => smtp.received.length === 1);
    for (const socket of smtp.sockets) socket.destroy();
    const outcome = await submitted;
    expect(outcome.kind).toBe('unknown');
    expect(outcome.kind === 'unknown' && outcome.reason).toMatch(
      new RegExp(
        `^the connection to the SMTP server at 127\\.0\\.0\\.1:${smtp.port} .*; the message had started going out and no reply to it came, so it may have been delivered$`,
      ),
    );
    expect(smtp.received[0]!.raw.equals(RAW)).toBe(true);
    expect(beforeData.calls).toBe(1);
  });

  it('the server holds its reply to the final dot forever: unknown once stallMs passes in silence', async () => {
    const smtp = await server(({ received }) => ({
      onData(stream, session) {
        void readAll(stream).then((raw) => received.push(receivedOf(raw, session)));
      },
    }));
    const beforeData = hookFor(smtp);
    const outcome = await submit(smtp, { beforeData, deadlines: { stallMs: 300 } });
    expect(outcome).toEqual({
      kind: 'unknown',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} stopped answering while sending the message (no data for 0.3 s); the message had started going out and no reply to it came, so it may have been delivered`,
    });
    expect(smtp.received).toHaveLength(1);
    expect(beforeData.calls).toBe(1);
  });
});

describe('beforeData', () => {
  it('throwing stops the message before DATA: submitMessage rejects with its error', async () => {
    const smtp = await server();
    const failure = new Error('the outbox could not record the step');
    const submitted = submit(smtp, {
      beforeData: () => {
        throw failure;
      },
    });
    await expect(submitted).rejects.toBe(failure);
    await until('the session to end', () => smtp.closed === 1);
    expect(smtp.events).toEqual([`mail ${USER}`, `rcpt ${CUSTOMER}`, 'close']);
    expect(smtp.received).toEqual([]);
  });
});

describe('TLS', () => {
  it('implicit TLS (smtps://) trusting the given CA', async () => {
    const smtp = await server(() => ({ secure: true, key: cert().key, cert: cert().cert }));
    const outcome = await submit(smtp, {
      endpoint: smtp.endpoint({ secure: true }),
      ca: cert().cert,
    });
    expect(outcome.kind).toBe('accepted');
    expect(smtp.received[0]).toMatchObject({ secure: true });
    expect(smtp.received[0]!.raw.equals(RAW)).toBe(true);
  });

  it('STARTTLS when the server offers it', async () => {
    const smtp = await server(() => ({
      disabledCommands: [],
      allowInsecureAuth: false,
      key: cert().key,
      cert: cert().cert,
    }));
    const outcome = await submit(smtp, { ca: cert().cert });
    expect(outcome.kind).toBe('accepted');
    expect(smtp.received[0]).toMatchObject({ secure: true });
  });

  it('an untrusted certificate is refused, never ignored', async () => {
    const smtp = await server(() => ({ secure: true, key: cert().key, cert: cert().cert }));
    const outcome = await submit(smtp, { endpoint: smtp.endpoint({ secure: true }) });
    expect(outcome).toEqual({
      kind: 'temporary',
      reason: `TLS failure talking to the SMTP server at 127.0.0.1:${smtp.port}: its certificate is not trusted (self-signed certificate)`,
      accountProblem: true,
    });
  });

  it('STARTTLS required (?starttls=true) but not offered: refused, nothing sent in plain text', async () => {
    const smtp = await server();
    const beforeData = hookFor(smtp);
    const outcome = await submit(smtp, {
      endpoint: smtp.endpoint({ requireStartTls: true }),
      beforeData,
    });
    expect(outcome).toEqual({
      kind: 'temporary',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} refused STARTTLS, which this account requires (?starttls=true): the server said "500 Error: command not recognized"`,
      code: 500,
      accountProblem: true,
    });
    await until('the session to end', () => smtp.closed === 1);
    expect(smtp.events).toEqual(['close']);
    expect(beforeData.calls).toBe(0);
  });

  it('implicit TLS to a plain port: one line saying so', async () => {
    const smtp = await server();
    const outcome = await submit(smtp, { endpoint: smtp.endpoint({ secure: true }) });
    expect(outcome).toEqual({
      kind: 'temporary',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} does not speak TLS on this port (it answered in plain text): use smtp:// (STARTTLS is used when the server offers it)`,
      accountProblem: true,
    });
  });

  it('plain text to an implicit TLS port: one line saying so', async () => {
    const smtp = await server(() => ({ secure: true, key: cert().key, cert: cert().cert }));
    const outcome = await submit(smtp, { deadlines: { greetingMs: 300 } });
    expect(outcome).toEqual({
      kind: 'temporary',
      reason: `the SMTP server at 127.0.0.1:${smtp.port} expects TLS from the first byte: use smtps:// instead of smtp://`,
      accountProblem: true,
    });
  });
});
