import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { environmentSecretStore } from '../../../src/app/environment-secret-store.js';
import { openSwitchboard, type Switchboard } from '../../../src/app/open-switchboard.js';
import { createWorkspaceWithDocument } from '../../../src/server/create-workspace.js';
import { appendMessage, startDovecot } from '../../helpers/dovecot.js';
import { startTestServer } from '../../server/support/test-server.js';
import { customerMail } from '../../team/support/customer-mail.js';
import { summarize } from './interleaved-timing.js';

const USER = 'support';
const PASSWORD = 'secret';
/** How long one reply may take to be seen before the run gives up on it. */
const GIVE_UP_MS = 10_000;

/** Median and p95 of each measure (ms). */
export interface TeammateSeesResult {
  /** Until Ben's list says the conversation was replied by Ada (the team layer). */
  listed: { median: number; p95: number };
  /** Until Ben's conversation shows the reply itself, as mail (his sync brings it from Sent). */
  message: { median: number; p95: number };
}

/**
 * Two teammates' apps over a real sync server, the shared mailbox in a private Dovecot, an SMTP
 * server on loopback: Ada replies now to `replies` conversations in turn; for each, the time from
 * the SMTP server's 250 (what the customer's side has) to Ben's running app listing the
 * conversation as replied by Ada, told by the team layer, and to his conversation showing the
 * reply itself, brought by his running sync from the mailbox's Sent folder (which it looks at as
 * soon as the team says a reply was sent; its poll would be a minute away). Ben's list and
 * conversation are read at each `conversations.changed` he is told, as a UI refreshes.
 */
export async function teammateSees(replies: number): Promise<TeammateSeesResult> {
  const dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
  const accepted = new Map<string, number>();
  const smtp = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const id = /^Message-ID: <([^>]+)>/im.exec(Buffer.concat(chunks).toString())?.[1];
        if (id) accepted.set(id, performance.now());
        callback(null, 'OK: queued');
      });
    },
  });
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const team = await startTestServer();
  const created = createWorkspaceWithDocument(team.db, 'Support', {
    name: 'Ada',
    email: 'ada@example.com',
  });
  const ben = team.directory.addMember(created.workspaceId, {
    name: 'Ben',
    email: 'ben@example.com',
    role: 'agent',
  });
  for (let i = 0; i < replies; i += 1)
    await appendMessage(
      dovecot,
      USER,
      'INBOX',
      customerMail(`question-${i}@customer.example`, `Question ${i}`),
    );
  const dirs: string[] = [];
  const apps: Switchboard[] = [];
  const open = async (token: string): Promise<Switchboard> => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-send-team-'));
    dirs.push(dir);
    const app = await openSwitchboard({
      dataDir: join(dir, 'data'),
      secrets: environmentSecretStore({ BENCH_SEND_PASSWORD: PASSWORD }),
    });
    apps.push(app);
    await app.accounts.add({
      name: 'Support',
      email: 'support@example.com',
      imapUrl: `imap://${USER}@${dovecot.host}:${dovecot.port}`,
      smtpUrl: `smtp://${USER}@127.0.0.1:${smtpPort}`,
      password: { env: 'BENCH_SEND_PASSWORD' },
    });
    await app.sync.runOnce();
    await app.team.join({ serverUrl: team.url, workspaceId: created.workspaceId, token });
    return app;
  };
  try {
    const adaApp = await open(created.token);
    const benApp = await open(ben.token);
    await benApp.sync.start();
    const conversations = (await adaApp.mail.conversations({})).map((item) => item.id);
    const seen: number[] = [];
    const arrived: number[] = [];
    for (const conversationId of conversations) {
      let told!: () => void;
      let came!: () => void;
      const shown = new Promise<void>((resolve) => (told = resolve));
      const filed = new Promise<void>((resolve) => (came = resolve));
      const seenAt = { listed: 0, message: 0 };
      let messageId = '';
      const unsubscribe = benApp.subscribe((event) => {
        if (
          event.type !== 'conversations.changed' ||
          !event.conversationIds.includes(conversationId)
        )
          return;
        void benApp.mail.conversations({ limit: 500 }).then((list) => {
          const item = list.find((row) => row.id === conversationId);
          if (item?.lastReply?.by === 'ada@example.com' && !seenAt.listed) {
            seenAt.listed = performance.now();
            told();
          }
        });
        void benApp.mail.conversation({ conversationId }).then((shownNow) => {
          if (shownNow.messages.length > 1 && !seenAt.message) {
            seenAt.message = performance.now();
            came();
          }
        });
      });
      try {
        const reply = await adaApp.outbox.reply({ conversationId, text: 'On it.', now: true });
        if (reply.state !== 'sent')
          throw new Error(`the reply was not sent: ${JSON.stringify(reply)}`);
        messageId = reply.messageId;
        await Promise.race([
          Promise.all([shown, filed]),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('Ben never saw the reply')), GIVE_UP_MS),
          ),
        ]);
      } finally {
        unsubscribe();
      }
      seen.push(seenAt.listed - accepted.get(messageId)!);
      arrived.push(seenAt.message - accepted.get(messageId)!);
    }
    const listed = summarize(seen);
    const message = summarize(arrived);
    return {
      listed: { median: listed.median, p95: listed.p95 },
      message: { median: message.median, p95: message.p95 },
    };
  } finally {
    for (const app of apps) await app.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await team.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await dovecot.stop();
  }
}
