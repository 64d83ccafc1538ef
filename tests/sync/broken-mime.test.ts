import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIDDEN_HTML_WORDS, MIME_FIXTURES, readMimeFixture } from '../fixtures/mime/catalog.js';
import { bigAttachmentMessage } from '../helpers/big-message.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { withCache } from './support/cache.js';
import {
  addAccount,
  listConversations,
  makeDataDir,
  removeDir,
  search,
  showConversation,
  syncOnce,
  type ShownMessage,
  type SyncSummary,
} from './support/cli.js';

/*
 * Real mail is often malformed (tests/fixtures/mime/README.md). A sync must import every message
 * anyway, make the readable text searchable, and never download a large attachment to do so.
 * The sync runs through a TCP proxy that counts the bytes the server sends.
 */

const USER = 'support';
const BIG_ATTACHMENT_BYTES = 20 * 1024 * 1024;
const BIG_WORD = 'walrusfixture';
const BIG_FILENAME = 'quarterly-backup.bin';
const BIG_MESSAGE_ID = 'big-20mb@fixtures.switchboard.test';

let dovecot: Dovecot;
let proxy: TcpProxy;
let data: string;
let bigSize: number;
let summary: SyncSummary;
let syncBytes: number;

beforeAll(async () => {
  dovecot = await startDovecot();
  for (const { file } of MIME_FIXTURES)
    await appendMessage(dovecot, USER, 'INBOX', readMimeFixture(file));
  const big = bigAttachmentMessage(BIG_ATTACHMENT_BYTES, {
    word: BIG_WORD,
    messageId: `<${BIG_MESSAGE_ID}>`,
    filename: BIG_FILENAME,
    subject: 'Backup of the quarter',
  });
  bigSize = big.length;
  await appendMessage(dovecot, USER, 'INBOX', big);

  proxy = await startTcpProxy(dovecot.port);
  data = await makeDataDir();
  await addAccount(data, dovecot, USER, { port: proxy.port });
  [summary] = (await syncOnce(data)) as [SyncSummary];
  syncBytes = proxy.serverBytes();
});

afterAll(async () => {
  await proxy?.stop();
  await dovecot?.stop();
  if (data) await removeDir(data);
});

/** Every message of the cache as `show` gives it. */
async function allMessages(): Promise<ShownMessage[]> {
  const messages: ShownMessage[] = [];
  for (const item of await listConversations(data))
    messages.push(...(await showConversation(data, item.id)).messages);
  return messages;
}

async function messageWith(word: string): Promise<ShownMessage | undefined> {
  return (await allMessages()).find((message) =>
    `${message.subject}\n${message.text ?? ''}`.toLowerCase().includes(word),
  );
}

describe('sync of malformed and large messages', () => {
  it('imports every message without failing', async () => {
    const total = MIME_FIXTURES.length + 1;
    expect(summary).toMatchObject({ added: total, removed: 0 });
    const listed = await listConversations(data);
    expect(listed.reduce((sum, item) => sum + item.messageCount, 0)).toBe(total);
    expect(await allMessages()).toHaveLength(total);
    const rows = withCache(data, (db) =>
      db
        .prepare('SELECT body_state AS state, count(*) AS n FROM messages GROUP BY body_state')
        .all(),
    );
    expect(rows).not.toContainEqual(expect.objectContaining({ state: 'pending' }));
  });

  it.each(MIME_FIXTURES)('$file: searchable by $word', async ({ word }) => {
    const hits = await search(data, word);
    expect(hits, `search ${word}`).toHaveLength(1);
    const shown = await showConversation(data, hits[0]!.conversationId);
    const holder = shown.messages.filter((message) =>
      `${message.subject}\n${message.text ?? ''}`.toLowerCase().includes(word),
    );
    expect(holder, `the message with ${word} in its subject or text`).toHaveLength(1);
  });

  it('does not index what an HTML body hides in <style> and <script>', async () => {
    for (const word of HIDDEN_HTML_WORDS) expect(await search(data, word), word).toEqual([]);
    expect((await messageWith('lemurfixture'))?.text).toContain(
      'Café prices rose to €5 today & €6 tomorrow.',
    );
  });

  it('decodes broken headers and charsets as a mail reader would', async () => {
    expect(await messageWith('narwhalfixture')).toMatchObject({
      subject: 'Café ocelotsubject — naïve résumé',
      from: expect.stringContaining('Zoë Ødegaard') as unknown,
    });
    expect(await messageWith('hedgehogfixture')).toMatchObject({
      subject: 'Réunion à propos du café',
      from: expect.stringContaining('Jürgen Müller') as unknown,
    });
    const windows = await messageWith('camelfixture');
    expect(windows?.text).toContain('€20');
    expect(windows?.text).toContain('“camelquoted”');
    expect((await messageWith('badgerfixture'))?.text).toContain('café');
    expect((await messageWith('mongoosefixture'))?.text).toContain('naïve');
    expect(await search(data, 'ocelotsubject')).toHaveLength(1);
  });

  it('lists a forwarded message (message/rfc822) as an attachment of the outer one', async () => {
    const outer = await messageWith('iguanafixture');
    expect(outer?.text).toContain('Outer word: iguanafixture');
    expect(outer?.attachments).toEqual([
      expect.objectContaining({ contentType: 'message/rfc822' }),
    ]);
  });

  it('keeps two different messages that share a Message-ID as two messages', async () => {
    const duplicates = (await allMessages()).filter(
      (message) => message.messageId === 'duplicate@fixtures.switchboard.test',
    );
    expect(duplicates.map((message) => message.subject).sort()).toEqual([
      'Duplicate id, first message',
      'Duplicate id, second message',
    ]);
    expect(duplicates.find((message) => message.subject.includes('first'))?.text).toContain(
      'falconfixture',
    );
    expect(duplicates.find((message) => message.subject.includes('second'))?.text).toContain(
      'gazellefixture',
    );
  });

  it('imports a message without Message-ID and records the problem', async () => {
    const message = await messageWith('emufixture');
    expect(message).toMatchObject({ messageId: null, subject: 'A message without Message-ID' });
    expect(message!.problems).toMatch(/message-id/i);
  });

  it('records no problem for well-formed messages', async () => {
    for (const word of ['narwhalfixture', 'mongoosefixture', 'lemurfixture', BIG_WORD]) {
      expect((await messageWith(word))?.problems, word).toBeNull();
    }
  });

  it('lists the 20 MB message with its attachment and indexes its text', async () => {
    const message = await messageWith(BIG_WORD);
    expect(message).toMatchObject({ messageId: BIG_MESSAGE_ID, subject: 'Backup of the quarter' });
    expect(message!.attachments).toHaveLength(1);
    const [attachment] = message!.attachments;
    expect(attachment).toMatchObject({
      filename: BIG_FILENAME,
      contentType: 'application/octet-stream',
    });
    // The size the server reports is of the base64 text: 4/3 of the file plus line breaks.
    expect(attachment!.size).toBeGreaterThanOrEqual(BIG_ATTACHMENT_BYTES);
    expect(attachment!.size).toBeLessThanOrEqual(bigSize);
    expect(message!.text).toContain(BIG_WORD);
    const hits = await search(data, BIG_WORD);
    expect(hits).toHaveLength(1);
    // The snippet depends on the query (around the matched word, or the start of the text).
    const withAttachments = (await search(data, 'has:attachment')).map((hit) => hit.conversationId);
    expect(withAttachments).toContain(hits[0]!.conversationId);
  });

  it('did not download the attachment during the sync', () => {
    // All headers, structures and text parts of 14 messages are a few tens of KB; the large
    // message alone is ≈ 28 MB on the server.
    expect(bigSize).toBeGreaterThan(BIG_ATTACHMENT_BYTES);
    expect(syncBytes, `bytes from the server during the sync (message: ${bigSize})`).toBeLessThan(
      256 * 1024,
    );
  });
});
