import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT, mailWithAttachment } from '../app-facade/support/synced-facade.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { freePort } from '../helpers/free-port.js';
import {
  replyError,
  startSmtpServer,
  USER as SMTP_USER,
  PASSWORD as SMTP_PASSWORD,
  type TestSmtpServer,
} from '../smtp/support/test-smtp-server.js';
import { BIN, runBin, type CliResult, type ConversationItem } from '../sync/support/cli.js';
import { customerMail } from '../team/support/customer-mail.js';

/*
 * The sending commands through the real executable (run `npm run build` first): `reply`,
 * `forward`, `compose`, `outbox`, `canned`, `permission`, and `sync --once` sending what is due,
 * against a private Dovecot (the shared mailbox, support@example.com) and a real SMTP server.
 * The data directory works alone (a solo workspace: its one member, the account's owner, is an
 * admin). Their JSON is checked key by key against the CLI contract, written out here on purpose.
 */

/** `reply --json` and the like. */
interface QueuedJson {
  outboxId: number;
  messageId: string;
  state: string;
  reason?: string;
}

/** `outbox --json`, each. */
interface OutboxJson {
  id: number;
  messageId: string;
  conversationId: string | null;
  state: string;
  attempts: number;
  error?: string;
  reason?: string;
  sendAt?: string;
}

const PASSWORD_VARIABLE = 'SEND_COMMANDS_TEST_PASSWORD';
/** A test that runs the real executable many times: on a loaded machine each run takes seconds. */
const MANY_RUNS_MS = 180_000;
/** An undo window no test outlasts: a queued message is never due while a test looks at it. */
const LONG_UNDO = { SWITCHBOARD_UNDO_SEND_MS: String(3_600_000) };

let dovecot: Dovecot;
let smtp: TestSmtpServer;
let dir: string;
let dataDir: string;
let refund: string;
let printer: string;
let report: string;

/** `switchboard --data DIR ARGS`, the real executable, with the account's password and `env`. */
function sb(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runBin(['--data', dataDir, ...args], {
    env: { ...process.env, [PASSWORD_VARIABLE]: SMTP_PASSWORD, ...env },
  });
}

/** A command that must succeed with `--json`: its output parsed. */
async function sbJson<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
  const result = await sb([...args, '--json'], env);
  if (result.code !== 0)
    throw new Error(`switchboard ${args.join(' ')} exited ${result.code}: ${result.err}`);
  return JSON.parse(result.out) as T;
}

/** A command that must fail with one line on stderr: that line. */
async function refusal(args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await sb(args, env);
  expect(result.code, `${args.join(' ')}: ${result.out}${result.err}`).toBe(1);
  expect(result.out).toBe('');
  const lines = result.err.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

/** What the SMTP server received with this Message-ID (once), parsed. */
async function received(messageId: string): Promise<ParsedMail & { rcpt: string[] }> {
  const found = smtp.received.filter((message) =>
    message.raw.toString('latin1').includes(`Message-ID: <${messageId}>`),
  );
  expect(found, `the SMTP server received ${messageId} once`).toHaveLength(1);
  return { ...(await simpleParser(found[0]!.raw)), rcpt: found[0]!.to };
}

const sentCount = (messageId: string) =>
  smtp.received.filter((message) => message.raw.toString('latin1').includes(`<${messageId}>`))
    .length;

const outbox = () => sbJson<OutboxJson[]>(['outbox']);

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'support', password: SMTP_PASSWORD }] });
  await appendMessage(
    dovecot,
    'support',
    'INBOX',
    customerMail('refund@customer.example', 'Refund'),
  );
  await appendMessage(
    dovecot,
    'support',
    'INBOX',
    customerMail('printer@customer.example', 'Printer'),
  );
  await appendMessage(
    dovecot,
    'support',
    'INBOX',
    mailWithAttachment('report@ex.example', 'Report'),
  );
  smtp = await startSmtpServer();
  dir = await mkdtemp(join(tmpdir(), 'switchboard-send-cli-'));
  dataDir = join(dir, 'data');
  const added = await sb([
    'account',
    'add',
    '--name',
    'Support',
    '--email',
    'support@example.com',
    '--imap',
    `imap://support@${dovecot.host}:${dovecot.port}`,
    '--smtp',
    `smtp://${encodeURIComponent(SMTP_USER)}@127.0.0.1:${smtp.port}`,
    '--password-env',
    PASSWORD_VARIABLE,
  ]);
  expect(added.code, added.err).toBe(0);
  await sbJson(['sync', '--once']);
  const listed = await sbJson<ConversationItem[]>(['conversations']);
  const id = (subject: string) => listed.find((row) => row.subject === subject)!.id;
  [refund, printer, report] = [id('Refund'), id('Printer'), id('Report')];
}, 120_000);

afterAll(async () => {
  await smtp?.stop();
  await dovecot?.stop();
  if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
});

describe('switchboard reply', () => {
  it('--now --json sends the reply at once and prints exactly the contract’s keys', async () => {
    const reply = await sbJson<QueuedJson>([
      'reply',
      refund,
      '--text',
      'Your refund is on its way.',
      '--now',
    ]);
    expect(Object.keys(reply).sort()).toEqual(['messageId', 'outboxId', 'state']);
    expect(reply).toMatchObject({ state: 'sent', outboxId: expect.any(Number) as number });
    const message = await received(reply.messageId);
    expect(message.subject).toBe('Re: Refund');
    expect(message.inReplyTo).toBe('<refund@customer.example>');
    expect(message.from?.value).toEqual([{ name: 'Support', address: 'support@example.com' }]);
    expect(message.rcpt).toEqual(['carla@customer.example']);
    expect(message.text).toContain('Your refund is on its way.');

    // The outbox lists it sent, with exactly the contract's keys (nothing left to wait for).
    const item = (await outbox()).find((entry) => entry.id === reply.outboxId);
    expect(item).toEqual({
      id: reply.outboxId,
      messageId: reply.messageId,
      conversationId: refund,
      state: 'sent',
      attempts: 1,
    });
  });

  it('without --now, queues it for the undo delay; the sync leaves it; outbox cancel undoes it', async () => {
    const before = Date.now();
    const queued = await sb(['reply', printer, '--text', 'Oops, wrong conversation.'], LONG_UNDO);
    const after = Date.now();
    expect(queued.code, queued.err).toBe(0);
    const line =
      /^queued reply (\d+) <([^>]+)>: sends at \d\d:\d\d:\d\d \(undo: switchboard outbox cancel (\d+)\)\n$/.exec(
        queued.out,
      );
    expect(line, queued.out).not.toBeNull();
    const [, id, messageId, undoId] = line!;
    expect(undoId).toBe(id);

    const item = (await outbox()).find((entry) => entry.id === Number(id))!;
    expect(Object.keys(item).sort()).toEqual([
      'attempts',
      'conversationId',
      'id',
      'messageId',
      'sendAt',
      'state',
    ]);
    expect(item).toMatchObject({
      messageId,
      conversationId: printer,
      state: 'queued',
      attempts: 0,
    });
    const sendAt = Date.parse(item.sendAt!);
    expect(sendAt).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(sendAt).toBeLessThanOrEqual(after + 3_600_000);

    // A whole sync (which sends what is due) has run: this one was not due.
    await sbJson(['sync', '--once']);
    expect((await outbox()).find((entry) => entry.id === Number(id))?.state).toBe('queued');

    const cancelled = await sb(['outbox', 'cancel', id!]);
    expect(cancelled.code, cancelled.err).toBe(0);
    expect(cancelled.out).toBe(`cancelled ${id} <${messageId}>: it is not sent\n`);
    expect((await outbox()).map((entry) => entry.id)).not.toContain(Number(id));
    expect(sentCount(messageId!)).toBe(0);
  });

  it('--json without --now: the queued reply in the contract’s keys', async () => {
    const reply = await sbJson<QueuedJson>(['reply', printer, '--text', 'Later.'], LONG_UNDO);
    expect(Object.keys(reply).sort()).toEqual(['messageId', 'outboxId', 'state']);
    expect(reply.state).toBe('queued');
    expect((await sb(['outbox', 'cancel', String(reply.outboxId)])).code).toBe(0);
  });

  it('--at schedules it for that time', async () => {
    const reply = await sbJson<QueuedJson>([
      'reply',
      printer,
      '--text',
      'Happy new year.',
      '--at',
      '2099-01-01T09:00:00+01:00',
    ]);
    expect(reply.state).toBe('scheduled');
    expect((await outbox()).find((entry) => entry.id === reply.outboxId)).toMatchObject({
      state: 'scheduled',
      sendAt: '2099-01-01T08:00:00.000Z',
    });
    expect((await sb(['outbox', 'cancel', String(reply.outboxId)])).code).toBe(0);
  });

  it('--text-file and --attach: the text read from the file, each file attached byte for byte with its type', async () => {
    const textFile = join(dir, 'answer.txt');
    const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 13) % 256));
    const binFile = join(dir, 'dump.bin');
    const pdfFile = join(dir, 'invoice.pdf');
    await writeFile(textFile, 'From the file: line one.\nLine two, ünïcode.\n');
    await writeFile(binFile, binary);
    await writeFile(pdfFile, '%PDF-1.4 an invoice');
    const reply = await sbJson<QueuedJson>([
      'reply',
      printer,
      '--text-file',
      textFile,
      '--attach',
      binFile,
      '--attach',
      pdfFile,
      '--now',
    ]);
    expect(reply.state).toBe('sent');
    const message = await received(reply.messageId);
    expect(message.text).toContain('From the file: line one.\nLine two, ünïcode.');
    expect(
      message.attachments.map(({ filename, contentType }) => ({ filename, contentType })),
    ).toEqual([
      { filename: 'dump.bin', contentType: 'application/octet-stream' },
      { filename: 'invoice.pdf', contentType: 'application/pdf' },
    ]);
    expect(message.attachments[0]!.content.equals(binary)).toBe(true);
    expect(message.attachments[1]!.content.toString()).toBe('%PDF-1.4 an invoice');
  });
});

describe('switchboard forward and compose', () => {
  it('forward --now --json: the newest message and its attachment, to every --to', async () => {
    const forwarded = await sbJson<QueuedJson>([
      'forward',
      report,
      '--to',
      'billing@partner.example',
      '--to',
      'audit@partner.example',
      '--text',
      'Please have a look.',
      '--now',
    ]);
    expect(Object.keys(forwarded).sort()).toEqual(['messageId', 'outboxId', 'state']);
    expect(forwarded.state).toBe('sent');
    const message = await received(forwarded.messageId);
    expect(message.rcpt).toEqual(['billing@partner.example', 'audit@partner.example']);
    expect(message.subject).toBe('Fwd: Report');
    expect(message.text).toContain('Please have a look.');
    expect(message.attachments.map((file) => file.filename)).toEqual(['report.bin']);
    expect(message.attachments[0]!.content.equals(REPORT)).toBe(true);
  });

  it('compose --now: a new message from the shared mailbox, said sent in one line', async () => {
    const composed = await sb([
      'compose',
      '--account',
      'support@example.com',
      '--to',
      'dana@customer.example',
      '--subject',
      'Your order',
      '--text',
      'It shipped today.',
      '--now',
    ]);
    expect(composed.code, composed.err).toBe(0);
    const line = /^sent message (\d+) <([^>]+)>\n$/.exec(composed.out);
    expect(line, composed.out).not.toBeNull();
    const message = await received(line![2]!);
    expect(message.subject).toBe('Your order');
    expect(message.rcpt).toEqual(['dana@customer.example']);
    expect(message.from?.value).toEqual([{ name: 'Support', address: 'support@example.com' }]);
    expect(message.inReplyTo).toBeUndefined();
    expect(message.text).toContain('It shipped today.');
    const item = (await outbox()).find((entry) => entry.id === Number(line![1]));
    expect(item).toMatchObject({ state: 'sent', conversationId: null });
  });
});

describe('switchboard canned', () => {
  it('saves a reply, lists it, and a reply with --canned fills its variables', async () => {
    const added = await sb([
      'canned',
      'add',
      'Thanks',
      '--text',
      'Hello {{contact.firstName}}, thanks for writing to {{mailbox.name}} about "{{conversation.subject}}".',
    ]);
    expect(added.code, added.err).toBe(0);
    const listed = await sbJson<Array<{ name: string; text: string }>>(['canned', 'list']);
    expect(listed).toContainEqual(
      expect.objectContaining({
        name: 'Thanks',
        text: 'Hello {{contact.firstName}}, thanks for writing to {{mailbox.name}} about "{{conversation.subject}}".',
      }),
    );
    const reply = await sbJson<QueuedJson>(['reply', refund, '--canned', 'Thanks', '--now']);
    expect(reply.state).toBe('sent');
    // The subject is the newest message's: "Re: Refund" once the sync brought our reply in.
    expect((await received(reply.messageId)).text).toMatch(
      /^Hello Carla, thanks for writing to Support about "(Re: )?Refund"\./,
    );
  });

  it('an unknown variable stops the reply with one line naming it, and nothing is queued', async () => {
    expect(
      (await sb(['canned', 'add', 'Nickname', '--text', 'Hi {{contact.nickname}}!'])).code,
    ).toBe(0);
    const before = await outbox();
    const line = await refusal(['reply', refund, '--canned', 'Nickname', '--now']);
    expect(line).toMatch(/^switchboard: .*contact\.nickname/);
    expect(await outbox()).toEqual(before);
  });
});

describe('switchboard permission', () => {
  it('an admin sets a member’s permission: read-only refuses to send, naming it; full sends again', async () => {
    const set = await sb([
      'permission',
      'support@example.com',
      '--mailbox',
      'support@example.com',
      'read-only',
    ]);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toBe('support@example.com now has read-only on support@example.com\n');
    const before = await outbox();
    const line = await refusal(['reply', printer, '--text', 'Can I send?', '--now']);
    expect(line).toMatch(/^switchboard: .*read-only/);
    expect(await outbox()).toEqual(before);

    const full = await sbJson<{ email: string; mailbox: string; permission: string }>([
      'permission',
      'support@example.com',
      '--mailbox',
      'support@example.com',
      'full',
    ]);
    expect(full).toEqual({
      email: 'support@example.com',
      mailbox: 'support@example.com',
      permission: 'full-access',
    });
    expect((await sbJson<QueuedJson>(['reply', printer, '--text', 'Yes.', '--now'])).state).toBe(
      'sent',
    );
  });

  it('names a teammate it does not know', async () => {
    expect(
      await refusal([
        'permission',
        'nobody@example.com',
        '--mailbox',
        'support@example.com',
        'full',
      ]),
    ).toMatch(/^switchboard: .*nobody@example\.com/);
  });
});

describe('when the SMTP server refuses, or cannot be reached', () => {
  /** Points the account at another SMTP server (the test's own again: `smtp.port`). */
  async function useSmtp(port: number): Promise<void> {
    const url = `smtp://${encodeURIComponent(SMTP_USER)}@127.0.0.1:${port}`;
    const edited = await sb(['account', 'edit', 'support@example.com', '--smtp', url]);
    expect(edited.code, edited.err).toBe(0);
  }

  it('a refusal (5xx) fails the reply with the server’s reason (exit 1); outbox resend sends it once fixed', async () => {
    const refusing = await startSmtpServer(() => ({
      onRcptTo: (_address, _session, callback) =>
        callback(replyError(550, '5.7.1 Relaying denied')),
    }));
    let failed: QueuedJson;
    try {
      await useSmtp(refusing.port);
      const result = await sb(['reply', refund, '--text', 'Refused?', '--now', '--json']);
      expect(result.code, result.err).toBe(1);
      failed = JSON.parse(result.out) as QueuedJson;
    } finally {
      await useSmtp(smtp.port);
      await refusing.stop();
    }
    expect(Object.keys(failed).sort()).toEqual(['messageId', 'outboxId', 'reason', 'state']);
    expect(failed).toMatchObject({
      state: 'failed',
      reason: expect.stringContaining('Relaying denied') as string,
    });
    expect((await outbox()).find((entry) => entry.id === failed.outboxId)).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: expect.stringContaining('Relaying denied') as string,
    });

    const resent = await sb(['outbox', 'resend', String(failed.outboxId)]);
    expect(resent.code, resent.err).toBe(0);
    expect(resent.out).toBe(`sent message ${failed.outboxId} <${failed.messageId}>\n`);
    expect((await received(failed.messageId)).text).toContain('Refused?');
  });

  it('--now with the server out of reach: queued, not sent yet, with the error (exit 0)', async () => {
    await useSmtp(await freePort());
    let result: CliResult;
    try {
      result = await sb(['reply', printer, '--text', 'Anyone there?', '--now']);
    } finally {
      await useSmtp(smtp.port);
    }
    expect(result.code, result.err).toBe(0);
    const line =
      /^queued, not sent yet: (.+) \(it goes with the next sync; stop it with: switchboard outbox cancel (\d+)\)\n$/.exec(
        result.out,
      );
    expect(line, result.out).not.toBeNull();
    const id = Number(line![2]);
    expect((await outbox()).find((entry) => entry.id === id)).toMatchObject({
      state: 'queued',
      attempts: 1,
      error: line![1],
    });
    expect((await sb(['outbox', 'cancel', String(id)])).code).toBe(0);
  });
});

describe('switchboard sync', () => {
  it('--once sends what is due, once its undo delay has passed', async () => {
    const before = Date.now();
    const queued = await sbJson<QueuedJson>(['reply', refund, '--text', 'Sent by the sync.'], {
      SWITCHBOARD_UNDO_SEND_MS: '1500',
    });
    const after = Date.now();
    expect(queued.state).toBe('queued');
    const item = (await outbox()).find((entry) => entry.id === queued.outboxId)!;
    // The setting is the undo delay.
    expect(Date.parse(item.sendAt!)).toBeGreaterThanOrEqual(before + 1500);
    expect(Date.parse(item.sendAt!)).toBeLessThanOrEqual(after + 1500);
    await until('the undo delay to pass', () => Date.now() > Date.parse(item.sendAt!), 10_000);

    const synced = await sb(['sync', '--once']);
    expect(synced.code, synced.err).toBe(0);
    expect(synced.out).toContain(`outbox: sent ${queued.outboxId} <${queued.messageId}>`);
    expect((await outbox()).find((entry) => entry.id === queued.outboxId)?.state).toBe('sent');
    expect((await received(queued.messageId)).text).toContain('Sent by the sync.');
    // The outbox as a table: one line a message, its id, state, time, recipients and subject.
    const table = await sb(['outbox']);
    expect(table.out).toMatch(
      new RegExp(
        `^ *${queued.outboxId}  sent +sent [0-9:]+ +carla@customer\\.example +Re: Refund`,
        'm',
      ),
    );
  });
});

describe('switchboard reply --now while a sync runs', () => {
  it('the running sync sends it; SWITCHBOARD_SEND_NOW_WAIT_MS=0 answers at once with it queued', async () => {
    const sync = spawn(process.execPath, [BIN, '--data', dataDir, 'sync'], {
      env: { ...process.env, [PASSWORD_VARIABLE]: SMTP_PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    sync.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    sync.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = once(sync, 'exit');
    try {
      await until(
        () => `the sync to start: ${out}${err}`,
        () => out.includes('syncing 1 account(s)'),
        30_000,
      );
      const reply = await sb(['reply', printer, '--text', 'Sent by the running sync.', '--now'], {
        SWITCHBOARD_SEND_NOW_WAIT_MS: '0',
      });
      expect(reply.code, reply.err).toBe(0);
      const line =
        /^(?:queued|sending) reply (\d+) <([^>]+)>: the running sync (?:sends|is sending) it \(switchboard outbox shows how it went\)\n$/.exec(
          reply.out,
        );
      expect(line, reply.out).not.toBeNull();
      // The running sync says so as it sends it.
      await until(
        () => `the running sync to send it: ${out}${err}`,
        () => out.includes(`outbox: sent ${line![1]} <${line![2]}>`),
        30_000,
      );
      expect((await received(line![2]!)).text).toContain('Sent by the running sync.');
    } finally {
      sync.kill('SIGTERM');
      await exited;
    }
  });
});

describe('switchboard draft, and reply --draft', () => {
  it(
    'writes the shared draft (text, recipients, subject), shows it, and sends it; then it is gone',
    async () => {
      // The reply's own To, as the conversation stands (tests above may have written in it).
      const { to, subject } = await sbJson<{ to: Array<{ address: string }>; subject: string }>([
        'draft',
        report,
      ]);
      expect(to.length).toBeGreaterThan(0);
      const written = await sbJson<Record<string, unknown>>([
        'draft',
        report,
        '--text',
        'Here is the corrected report.',
        '--cc',
        'boss@ex.example',
        '--subject',
        'Re: Report (corrected)',
      ]);
      expect(written).toMatchObject({
        conversationId: report,
        text: 'Here is the corrected report.',
        // The reply's own To, kept when the Cc was set.
        to,
        cc: [{ address: 'boss@ex.example' }],
        bcc: [],
        subject: 'Re: Report (corrected)',
      });
      // A script gets the draft, not the editor's document.
      expect(written).not.toHaveProperty('state');

      const shown = await sb(['draft', report]);
      expect(shown.code, shown.err).toBe(0);
      expect(shown.out).toContain('Cc: boss@ex.example');
      expect(shown.out).toContain('Subject: Re: Report (corrected)');
      expect(shown.out).toContain('Here is the corrected report.');

      const reply = await sbJson<QueuedJson>(['reply', report, '--draft', '--now']);
      expect(reply.state).toBe('sent');
      const message = await received(reply.messageId);
      expect(message.subject).toBe('Re: Report (corrected)');
      expect(message.rcpt.sort()).toEqual(
        [...to.map((recipient) => recipient.address), 'boss@ex.example'].sort(),
      );
      expect(message.text).toContain('Here is the corrected report.');

      expect(await sbJson<Record<string, unknown>>(['draft', report])).toMatchObject({
        text: '',
        cc: [],
        subject,
      });
      expect(await refusal(['reply', report, '--draft'])).toBe(
        'switchboard: the shared draft of this conversation has no text',
      );
    },
    MANY_RUNS_MS,
  );

  it(
    '--discard drops it, and takes no other option',
    async () => {
      expect((await sb(['draft', printer, '--text', 'Not this one.'])).code).toBe(0);
      const discarded = await sb(['draft', printer, '--discard']);
      expect(discarded.out).toBe(`discarded the draft of ${printer}\n`);
      expect((await sbJson<{ text: string }>(['draft', printer])).text).toBe('');
      expect(await refusal(['draft', printer, '--discard', '--text', 'x'])).toBe(
        'switchboard: draft --discard takes no other option',
      );
    },
    MANY_RUNS_MS,
  );
});

describe('switchboard signature', () => {
  it(
    "adds the team's and one's own, lists them; a message ends with the one that fits; remove",
    async () => {
      const desk = await sbJson<{ id: string }>([
        'signature',
        'add',
        'Support desk',
        '--text',
        '{{agent.name}} at {{mailbox.name}}',
        '--mailbox',
        'support@example.com',
      ]);
      expect(await sbJson<unknown[]>(['signature', 'list'])).toEqual([
        {
          id: desk.id,
          name: 'Support desk',
          text: '{{agent.name}} at {{mailbox.name}}',
          mailbox: 'support@example.com',
          member: null,
        },
      ]);
      const compose = async (text: string) => {
        const sent = await sbJson<QueuedJson>([
          'compose',
          '--account',
          'support@example.com',
          '--to',
          'dana@customer.example',
          '--subject',
          'Hello',
          '--text',
          text,
          '--now',
        ]);
        return (await received(sent.messageId)).text ?? '';
      };
      // The solo workspace's member is the account's owner, "Support".
      expect(await compose('First.')).toContain('-- \nSupport at Support');

      const mine = await sbJson<{ id: string; member: { email: string } | null }>([
        'signature',
        'add',
        'Mine',
        '--text',
        'Carla, from support',
        '--mine',
      ]);
      expect(mine.member?.email).toBe('support@example.com');
      expect(await compose('Second.')).toContain('-- \nCarla, from support');

      for (const id of [desk.id, mine.id]) {
        const removed = await sb(['signature', 'remove', id]);
        expect(removed.out, removed.err).toBe(`removed signature ${id}\n`);
      }
      expect((await sb(['signature', 'list'])).out).toContain('no signatures');
    },
    MANY_RUNS_MS,
  );
});

describe('usage errors: one line, exit 1, nothing queued', () => {
  let before: OutboxJson[];
  beforeAll(async () => {
    before = await outbox();
  });

  it.each([
    [['reply', '--text', 'x'], 'reply needs a CONVERSATION_ID'],
    [
      ['reply', 'CONV', '--text', 'x', '--canned', 'y'],
      'reply takes one of --text, --text-file, --canned',
    ],
    [
      ['reply', 'CONV'],
      'reply needs --text TEXT, --text-file FILE, --canned NAME or --draft (the shared draft)',
    ],
    [['reply', 'CONV', '--text', 'x', '--as', 'boss'], '--as takes send-as or on-behalf, got boss'],
    [
      ['reply', 'CONV', '--text', 'x', '--now', '--at', '2030-01-01T09:00:00Z'],
      '--now and --at exclude each other',
    ],
    [['reply', 'CONV', '--text', 'x', '--at', 'tomorrow'], 'not a date: tomorrow'],
    [
      ['reply', 'CONV', '--text-file', '/nonexistent/answer.txt'],
      'cannot read --text-file /nonexistent/answer.txt: no such file',
    ],
    [['reply', 'CONV', '--text', 'x', '--to', 'a@example.com'], 'reply does not take --to'],
    [['forward', 'CONV', '--text', 'x'], 'forward needs --to ADDRESS'],
    [
      ['compose', '--to', 'a@example.com', '--subject', 's', '--text', 't'],
      'compose needs --account ID',
    ],
    [['outbox', 'cancel'], 'outbox cancel needs an ID'],
    [['outbox', 'resend', 'x1'], 'outbox resend needs an ID'],
    [['canned', 'add', '--text', 'x'], 'canned add needs a NAME'],
    [['permission', 'a@example.com', 'full'], 'permission needs --mailbox ADDRESS'],
    [
      ['permission', 'a@example.com', '--mailbox', 'support@example.com', 'boss'],
      'permission needs one of full|send-as|on-behalf|read-only|no-access, got boss',
    ],
  ])('%j', async (args, message) => {
    const line = await refusal(args.map((arg) => (arg === 'CONV' ? refund : arg)));
    expect(line).toContain(`switchboard: ${message}`);
  });

  it('left the outbox as it was', async () => {
    expect(await outbox()).toEqual(before);
  });
});
