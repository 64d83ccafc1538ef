import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listAccounts } from '../../src/accounts/account-store.js';
import { environmentSecrets } from '../../src/accounts/secrets.js';
import { readCliSettings } from '../../src/cli/cli-settings.js';
import { runCli } from '../../src/cli/run-cli.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { BlobStore } from '../../src/files/blob-store.js';
import { connectImap } from '../../src/imap/connect.js';
import { fetchAttachment, openMessage } from '../../src/mail/open-message.js';
import { startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { appendMessage } from '../helpers/imap-client.js';

const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const REPORT = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));

const message = [
  'Message-ID: <open-1@example.com>',
  'From: Ana <ana@example.com>',
  'To: support@example.com',
  'Subject: Screenshot and report',
  'Date: Tue, 03 Mar 2026 10:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/related; boundary="rel"',
  '',
  '--rel',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>See the <b>kingfisher</b> screenshot: <img src="cid:pixel@example.com"></p>',
  '--rel',
  'Content-Type: image/png',
  'Content-ID: <pixel@example.com>',
  'Content-Disposition: inline; filename="pixel.png"',
  'Content-Transfer-Encoding: base64',
  '',
  PIXEL.toString('base64'),
  '--rel--',
  '--outer',
  'Content-Type: application/octet-stream; name="report.bin"',
  'Content-Disposition: attachment; filename="report.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  REPORT.toString('base64').replace(/.{76}/g, '$&\r\n'),
  '--outer--',
  '',
].join('\r\n');

let dovecot: Dovecot;
let data: string;
let db: Db;

beforeAll(async () => {
  dovecot = await startDovecot();
  await appendMessage(dovecot, 'support', 'INBOX', message);
  data = mkdtempSync(join(tmpdir(), 'switchboard-open-'));
  process.env.OPEN_TEST_PASSWORD = 'secret';
  const io = { out: () => undefined, err: (text: string) => console.error(text) };
  const imap = `imap://support@127.0.0.1:${dovecot.port}`;
  expect(
    await runCli(
      [
        '--data',
        data,
        'account',
        'add',
        '--name',
        'S',
        '--email',
        'support@example.com',
        '--imap',
        imap,
        '--password-env',
        'OPEN_TEST_PASSWORD',
      ],
      io,
      readCliSettings(process.env),
    ),
  ).toBe(0);
  expect(await runCli(['--data', data, 'sync', '--once'], io, readCliSettings(process.env))).toBe(
    0,
  );
  db = openDatabase(join(data, 'cache.sqlite'));
});

afterAll(async () => {
  db?.close();
  await dovecot?.stop();
  rmSync(data, { recursive: true, force: true });
});

test('the bulk sync indexed the HTML-only text and listed the attachment without downloading it', () => {
  const row = db
    .prepare(
      "SELECT id, body_text, has_attachments FROM messages WHERE message_id = 'open-1@example.com'",
    )
    .get() as {
    id: number;
    body_text: string;
    has_attachments: number;
  };
  expect(row.body_text).toContain('kingfisher');
  expect(row.has_attachments).toBe(1);
  const attachments = db
    .prepare('SELECT filename, content_hash FROM attachments WHERE message_id = ?')
    .all(row.id) as Array<{
    filename: string;
    content_hash: string | null;
  }>;
  expect(attachments.map((entry) => entry.filename)).toContain('report.bin');
  expect(attachments.every((entry) => entry.content_hash === null)).toBe(true);
});

test('opening a message parses it fully, with inline cid: images resolved', async () => {
  const account = listAccounts(db)[0]!;
  const client = await connectImap(account, environmentSecrets(process.env));
  try {
    const { id } = db
      .prepare("SELECT id FROM messages WHERE message_id = 'open-1@example.com'")
      .get() as { id: number };
    const opened = await openMessage(db, client, id);
    expect(opened.subject).toBe('Screenshot and report');
    expect(opened.html).toContain('kingfisher');
    expect(opened.html).toContain(`data:image/png;base64,${PIXEL.toString('base64')}`);
    expect(opened.html).not.toContain('cid:pixel@example.com');
    expect(opened.attachments.find((entry) => entry.filename === 'report.bin')?.size).toBe(
      REPORT.length,
    );
  } finally {
    await client.logout();
  }
});

test('an attachment is fetched on demand into the content-addressed store, once', async () => {
  const account = listAccounts(db)[0]!;
  const client = await connectImap(account, environmentSecrets(process.env));
  const blobs = new BlobStore(join(data, 'blobs'));
  try {
    const { id } = db.prepare("SELECT id FROM attachments WHERE filename = 'report.bin'").get() as {
      id: number;
    };
    const file = await fetchAttachment(db, client, blobs, id);
    expect(readFileSync(file).equals(REPORT)).toBe(true);
    const { content_hash: hash } = db
      .prepare('SELECT content_hash FROM attachments WHERE id = ?')
      .get(id) as { content_hash: string };
    expect(file.endsWith(`${hash.slice(0, 2)}/${hash.slice(2)}`)).toBe(true);
    await client.logout();
    // Cached: no connection is needed the second time.
    expect(await fetchAttachment(db, client, blobs, id)).toBe(file);
  } finally {
    client.close();
  }
});
