import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import {
  BIN,
  addAccount,
  cli,
  cliJson,
  makeDataDir,
  passwordVariable,
  removeDir,
  search,
  showConversation,
  syncOnce,
  type ConversationItem,
} from '../sync/support/cli.js';
import { searchIndexIsComplete, serverUids, withCache } from '../sync/support/cache.js';
import { plainMessage, uniqueWord } from '../sync/support/mail.js';

/*
 * `account list`, `account edit`, `account remove` through the CLI, on two accounts synced from
 * a real Dovecot. Removing one takes every row of it out of the cache in one go (messages,
 * folder copies, folders, attachments, threading nodes, conversations, aliases, search index
 * rows, pending actions), leaves the other exactly as it was and the server untouched.
 */

const GONE = 'support';
const KEPT = 'sales';
const GONE_WORD = uniqueWord('gone');
const KEPT_WORD = uniqueWord('kept');

let dovecot: Dovecot;
let dataDir: string;
let goneId: string;
let keptId: string;

const at = (day: number) => new Date(Date.UTC(2025, 1, day, 9));

/** A small mailbox: a thread, a message with an attachment, and (for merging) two orphan replies. */
function mailOf(user: string, word: string): string[] {
  const mail = (
    id: string,
    subject: string,
    day: number,
    extra: Partial<Parameters<typeof plainMessage>[0]> = {},
  ) =>
    plainMessage({
      from: `Customer <customer@${user}.example.net>`,
      to: `${user}@example.com`,
      subject,
      date: at(day),
      messageId: `${id}.${user}@example.net`,
      text: `About ${subject}: ${word}.`,
      ...extra,
    });
  const withAttachment = [
    `From: Customer <customer@${user}.example.net>`,
    `To: ${user}@example.com`,
    `Subject: Invoice attached ${word}`,
    'Date: Tue, 4 Feb 2025 09:00:00 +0000',
    `Message-ID: <invoice.${user}@example.net>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `The invoice, ${word}.`,
    '--b',
    'Content-Type: application/pdf; name="invoice.pdf"',
    'Content-Disposition: attachment; filename="invoice.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 not really').toString('base64'),
    '--b--',
    '',
  ].join('\r\n');
  return [
    mail('question', 'Printer question', 1),
    mail('answer', 'Re: Printer question', 2, { inReplyTo: `question.${user}@example.net` }),
    withAttachment,
    // Replies to two messages not seen yet: two conversations, merged when the link arrives.
    mail('reply-one', 'Re: Late thread', 5, { inReplyTo: `late-root.${user}@example.net` }),
    mail('reply-two', 'Re: Late thread', 6, { inReplyTo: `late-middle.${user}@example.net` }),
  ];
}

const lateLink = (user: string) =>
  plainMessage({
    from: `Customer <customer@${user}.example.net>`,
    to: `${user}@example.com`,
    subject: 'Re: Late thread',
    date: at(4),
    messageId: `late-middle.${user}@example.net`,
    inReplyTo: `late-root.${user}@example.net`,
    text: 'The link between the two.',
  });

interface Rows {
  accounts: number;
  mailboxes: number;
  messages: number;
  locations: number;
  attachments: number;
  threadNodes: number;
  conversations: number;
  aliases: number;
  pendingActions: number;
  /** Rows the full-text index returns for the account's own word. */
  indexed: number;
}

/** Every row of one account, table by table, straight from the cache file. */
function rowsOf(accountId: string, word: string): Rows {
  return withCache(dataDir, (db) => {
    const count = (sql: string, ...params: unknown[]) =>
      (db
        .prepare(sql)
        .pluck()
        .get(...params) as number) ?? 0;
    return {
      accounts: count('SELECT count(*) FROM accounts WHERE id = ?', accountId),
      mailboxes: count('SELECT count(*) FROM mailboxes WHERE account_id = ?', accountId),
      messages: count('SELECT count(*) FROM messages WHERE account_id = ?', accountId),
      locations: count(
        `SELECT count(*) FROM message_locations l JOIN mailboxes mb ON mb.id = l.mailbox_id
         WHERE mb.account_id = ?`,
        accountId,
      ),
      attachments: count(
        `SELECT count(*) FROM attachments a JOIN messages m ON m.id = a.message_id
         WHERE m.account_id = ?`,
        accountId,
      ),
      threadNodes: count('SELECT count(*) FROM thread_nodes WHERE account_id = ?', accountId),
      conversations: count('SELECT count(*) FROM conversations WHERE account_id = ?', accountId),
      aliases: count(
        `SELECT count(*) FROM conversation_aliases WHERE new_id IN
           (SELECT id FROM conversations WHERE account_id = ?)`,
        accountId,
      ),
      pendingActions: count('SELECT count(*) FROM pending_actions WHERE account_id = ?', accountId),
      indexed: count('SELECT count(*) FROM message_search WHERE message_search MATCH ?', word),
    };
  });
}

/** Rows that belong to no account any more (what a removal that forgot a table leaves). */
function strayRows(): Record<string, number> {
  return withCache(dataDir, (db) => {
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      locations: count(
        'SELECT count(*) FROM message_locations WHERE message_id NOT IN (SELECT id FROM messages)',
      ),
      attachments: count(
        'SELECT count(*) FROM attachments WHERE message_id NOT IN (SELECT id FROM messages)',
      ),
      threadNodes: count(
        'SELECT count(*) FROM thread_nodes WHERE account_id NOT IN (SELECT id FROM accounts)',
      ),
      aliases: count(
        `SELECT count(*) FROM conversation_aliases WHERE new_id NOT IN (SELECT id FROM conversations)
           AND new_id NOT IN (SELECT old_id FROM conversation_aliases)`,
      ),
      indexRows: count(
        `SELECT count(*) FROM message_search
         WHERE rowid NOT IN (SELECT search_key FROM messages WHERE search_key IS NOT NULL)`,
      ),
    };
  });
}

/** Everything the CLI shows of the kept account. */
async function keptView() {
  const conversations = await cliJson<ConversationItem[]>(
    dataDir,
    'conversations',
    '--account',
    keptId,
  );
  const shown = await Promise.all(conversations.map((item) => showConversation(dataDir, item.id)));
  return { conversations, shown, found: await search(dataDir, KEPT_WORD) };
}

beforeAll(async () => {
  dovecot = await startDovecot({
    users: [
      { user: GONE, password: 'secret-one' },
      { user: KEPT, password: 'secret-two' },
    ],
  });
  for (const [user, word] of [
    [GONE, GONE_WORD],
    [KEPT, KEPT_WORD],
  ] as const)
    for (const raw of mailOf(user, word)) await appendMessage(dovecot, user, 'INBOX', raw);
  dataDir = await makeDataDir();
  goneId = await addAccount(dataDir, dovecot, GONE);
  keptId = await addAccount(dataDir, dovecot, KEPT);
  await syncOnce(dataDir);
  // The link arrives: the two late conversations of each account merge (an alias each).
  for (const user of [GONE, KEPT]) await appendMessage(dovecot, user, 'INBOX', lateLink(user));
  await syncOnce(dataDir);
}, 120_000);

afterAll(async () => {
  await dovecot?.stop();
  if (dataDir) await removeDir(dataDir);
});

describe('account list', () => {
  it('with no accounts says so', async () => {
    const empty = await makeDataDir();
    try {
      const result = await cli(empty, 'account', 'list');
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/no accounts yet.*account add/);
      expect(await cliJson(empty, 'account', 'list')).toEqual([]);
    } finally {
      await removeDir(empty);
    }
  });
});

describe('account edit', () => {
  it('changes the name, the server and the password variable; the account syncs on', async () => {
    const variable = `${passwordVariable(KEPT)}_EDITED`;
    process.env[variable] = 'secret-two';
    const result = await cli(
      dataDir,
      'account',
      'edit',
      `${KEPT}@example.com`,
      '--name',
      'Sales desk',
      '--imap',
      `imap://${KEPT}@${dovecot.host}:${dovecot.port}`,
      '--password-env',
      variable,
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('Sales desk');
    const accounts = await cliJson<Array<{ id: string; name: string }>>(dataDir, 'account', 'list');
    expect(accounts.find((account) => account.id === keptId)?.name).toBe('Sales desk');
    // The old variable is gone: only the new reference can work.
    delete process.env[passwordVariable(KEPT)];
    const summaries = await syncOnce(dataDir);
    expect(summaries.map((summary) => summary.account).sort()).toEqual([
      `${KEPT}@example.com`,
      `${GONE}@example.com`,
    ]);
  });

  it('does not change the address', async () => {
    const result = await cli(dataDir, 'account', 'edit', keptId, '--email', 'x@example.com');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/address cannot be changed.*conversation ids/);
  });
});

describe('account remove', () => {
  it('the mailboxes hold what the test needs (else it tests nothing)', () => {
    for (const [id, word] of [
      [goneId, GONE_WORD],
      [keptId, KEPT_WORD],
    ] as const) {
      const rows = rowsOf(id, word);
      expect(rows.messages).toBe(6);
      expect(rows.attachments).toBeGreaterThan(0);
      expect(rows.aliases).toBeGreaterThan(0);
      expect(rows.indexed).toBeGreaterThan(0);
      expect(rows.threadNodes).toBeGreaterThan(rows.messages - 1);
    }
  });

  it('refuses while a sync runs on the data directory', async () => {
    const sync = spawn(process.execPath, [BIN, '--data', dataDir, 'sync'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      sync.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      expect(await until(() => out.includes('syncing'), 30_000)).toBe(true);
      const result = await cli(dataDir, 'account', 'remove', goneId, '--force');
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/a sync is running/);
      expect(rowsOf(goneId, GONE_WORD).messages).toBe(6);
    } finally {
      sync.kill('SIGTERM');
      if (sync.exitCode === null && sync.signalCode === null) await once(sync, 'exit');
    }
  });

  it('refuses to drop local changes the server does not have yet, without --force', async () => {
    const [conversation] = await cliJson<ConversationItem[]>(
      dataDir,
      'conversations',
      '--account',
      goneId,
    );
    expect((await cli(dataDir, 'mark', conversation!.id, 'flag')).code).toBe(0);
    const before = rowsOf(goneId, GONE_WORD);
    expect(before.pendingActions).toBeGreaterThan(0);

    const result = await cli(dataDir, 'account', 'remove', goneId);
    expect(result.code).toBe(1);
    expect(result.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.err).toMatch(/local change.*--force/);
    expect(rowsOf(goneId, GONE_WORD)).toEqual(before);
  });

  it('--force removes every row of the account, in one piece, and says what was dropped', async () => {
    const keptBefore = await keptView();
    const keptRowsBefore = rowsOf(keptId, KEPT_WORD);
    const serverBefore = await serverUids(dovecot, GONE, ['INBOX']);
    const pending = rowsOf(goneId, GONE_WORD).pendingActions;

    const result = await cli(dataDir, 'account', 'remove', `${GONE}@example.com`, '--force');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`removed ${GONE}@example.com`);
    expect(result.out).toMatch(new RegExp(`${pending} local change.*dropped`));

    expect(rowsOf(goneId, GONE_WORD)).toEqual({
      accounts: 0,
      mailboxes: 0,
      messages: 0,
      locations: 0,
      attachments: 0,
      threadNodes: 0,
      conversations: 0,
      aliases: 0,
      pendingActions: 0,
      indexed: 0,
    });
    expect(strayRows()).toEqual({
      locations: 0,
      attachments: 0,
      threadNodes: 0,
      aliases: 0,
      indexRows: 0,
    });
    withCache(dataDir, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
    expect(searchIndexIsComplete(dataDir)).toEqual({ ok: true });
    expect(await search(dataDir, GONE_WORD)).toEqual([]);

    // The other account: exactly as before. The server: untouched.
    expect(rowsOf(keptId, KEPT_WORD)).toEqual(keptRowsBefore);
    expect(await keptView()).toEqual(keptBefore);
    expect(await serverUids(dovecot, GONE, ['INBOX'])).toEqual(serverBefore);
  });

  it('the next sync syncs the other account only; adding the account again brings it back', async () => {
    const summaries = await syncOnce(dataDir);
    expect(summaries.map((summary) => summary.account)).toEqual([`${KEPT}@example.com`]);
    const again = await addAccount(dataDir, dovecot, GONE, { password: 'secret-one' });
    await syncOnce(dataDir);
    const back = rowsOf(again, GONE_WORD);
    expect(back.messages).toBe(6);
    expect(back.indexed).toBeGreaterThan(0);
    expect((await search(dataDir, GONE_WORD)).length).toBeGreaterThan(0);
  });

  it('of an unknown account is one line and exit 1', async () => {
    const result = await cli(dataDir, 'account', 'remove', goneId);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^switchboard: unknown account: /);
  });
});
