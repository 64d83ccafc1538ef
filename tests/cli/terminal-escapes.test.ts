import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { uniqueWord } from '../sync/support/mail.js';
import {
  addAccount,
  cli,
  cliJson,
  makeDataDir,
  removeDir,
  syncOnce,
  type ConversationItem,
  type SearchHit,
  type ShownConversation,
} from '../sync/support/cli.js';
import { runSwitchboard } from './support/switchboard-process.js';

/*
 * A sender writes terminal escape sequences, BEL, NUL, a lone CR and bidi overrides into the
 * subject, their name, the body and an attachment's name. Synced from a real Dovecot, every line
 * the CLI prints for a human shows them as visible escapes (a terminal obeys nothing), while
 * `--json` gives the very same strings the message holds.
 */

const USER = 'support';
const WORD = uniqueWord('escapes');

const SUBJECT = `${WORD} \u202Efdp.exe \u001b[2J\u001b[H\u001b]0;owned\u0007 \u009b31m over\rwritten`;
const FROM_NAME = 'Eve \u001b[31mRed\u001b[0m \u2066x\u2069';
const BODY_LINES = [
  `Hello ${WORD},`,
  'cleared \u001b[2J\u001b[3J and retitled \u001b]2;pwned\u001b\\ bell\u0007 nul\u0000 end',
  'reversed \u202Egnp.exe\u202C and back',
  'a\ttabbed line',
];
const ATTACHMENT = '\u202Efdp.exe\u001b[31m';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const qp = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      byte === 0x0a ||
      (byte >= 0x21 && byte <= 0x7e && byte !== 0x3d) ||
      byte === 0x20 ||
      byte === 0x09
        ? String.fromCharCode(byte)
        : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('')
    .replace(/\n/g, '\r\n');

const RAW = [
  `From: =?utf-8?B?${base64(FROM_NAME)}?= <eve@example.net>`,
  `To: ${USER}@example.com`,
  `Subject: =?utf-8?B?${base64(SUBJECT)}?=`,
  'Date: Mon, 3 Feb 2025 10:00:00 +0000',
  'Message-ID: <escapes@example.net>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  qp(BODY_LINES.join('\n')),
  '--b1',
  `Content-Type: application/octet-stream`,
  `Content-Disposition: attachment; filename*=utf-8''${encodeURIComponent(ATTACHMENT)}`,
  'Content-Transfer-Encoding: base64',
  '',
  base64('not really an exe'),
  '--b1--',
  '',
].join('\r\n');

/** Any character a terminal acts on, except the line feed and tab that lay out text. */
const ACTIVE = new RegExp(
  // eslint-disable-next-line no-control-regex -- these are what must never reach a terminal raw
  '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]',
);

let dovecot: Dovecot;
let dataDir: string;
let conversationId: string;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  await appendMessage(dovecot, USER, 'INBOX', RAW);
  dataDir = await makeDataDir();
  await addAccount(dataDir, dovecot, USER);
  await syncOnce(dataDir);
  const [conversation] = await cliJson<ConversationItem[]>(dataDir, 'conversations');
  conversationId = conversation!.id;
});

afterAll(async () => {
  await dovecot?.stop();
  if (dataDir) await removeDir(dataDir);
});

describe('--json gives the exact strings', () => {
  it('show', async () => {
    const shown = await cliJson<ShownConversation>(dataDir, 'show', conversationId);
    const [message] = shown.messages;
    expect(shown.subject).toBe(SUBJECT);
    expect(message!.subject).toBe(SUBJECT);
    expect(message!.from).toContain(FROM_NAME);
    for (const line of BODY_LINES) expect(message!.text).toContain(line);
    expect(message!.attachments.map((attachment) => attachment.filename)).toEqual([ATTACHMENT]);
  });

  it('conversations and search', async () => {
    const [item] = await cliJson<ConversationItem[]>(dataDir, 'conversations');
    expect(item!.subject).toBe(SUBJECT);
    const [hit] = await cliJson<SearchHit[]>(dataDir, 'search', WORD);
    expect(hit!.subject).toBe(SUBJECT);
  });

  it('the JSON text itself holds nothing a terminal acts on', async () => {
    const result = await runSwitchboard(['--data', dataDir, 'show', conversationId, '--json']);
    expect(result.code).toBe(0);
    expect(result.out).not.toMatch(ACTIVE);
  });
});

describe('human output shows every such character, obeys none', () => {
  it.each([
    ['show', () => ['show', conversationId]],
    ['conversations', () => ['conversations']],
    ['search', () => ['search', WORD]],
  ])('%s (the real executable)', async (_name, args) => {
    const result = await runSwitchboard(['--data', dataDir, ...args()]);
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    expect(result.out).toContain(WORD);
    expect(result.out).not.toMatch(ACTIVE);
    // Shown, not dropped: the reader sees that something was there.
    expect(result.out).toContain('\\x1b[');
    expect(result.out).toContain('\\u202e');
  });

  it('show keeps the body readable: its own line breaks and tabs; a lone CR is shown', async () => {
    const result = await runSwitchboard(['--data', dataDir, 'show', conversationId]);
    expect(result.out).toContain(`Subject: ${WORD} \\u202efdp.exe \\x1b[2J`);
    expect(result.out).toContain('over\\x0dwritten');
    expect(result.out).toContain(`\nHello ${WORD},\ncleared \\x1b[2J`);
    expect(result.out).toContain('bell\\x07 nul\\x00 end');
    expect(result.out).toContain('\na\ttabbed line');
    expect(result.out).toContain('Attachment: \\u202efdp.exe\\x1b[31m');
  });

  it('an account name', async () => {
    await cli(dataDir, 'account', 'edit', USER + '@example.com', '--name', 'Team \u001b]0;x\u0007');
    const result = await cli(dataDir, 'account', 'list');
    expect(result.out).toContain('Team \\x1b]0;x\\x07');
    expect(result.out).not.toMatch(ACTIVE);
  });

  it('an error message that quotes what was typed', async () => {
    const result = await runSwitchboard(['--data', dataDir, 'show', 'c\u001b[2J\u202E']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('c\\x1b[2J\\u202e');
    expect(result.err).not.toMatch(ACTIVE);
  });

  it('team names (server-admin list-members)', async () => {
    const serverDir = await makeDataDir();
    try {
      const created = await cliJson<{ workspaceId: string }>(
        serverDir,
        'server-admin',
        'create-workspace',
        '--name',
        'Desk',
        '--admin-name',
        'Mallory \u001b[8m\u202E',
      );
      const result = await cli(
        serverDir,
        'server-admin',
        'list-members',
        '--workspace',
        created.workspaceId,
      );
      expect(result.out).toContain('Mallory \\x1b[8m\\u202e');
      expect(result.out).not.toMatch(ACTIVE);
    } finally {
      await removeDir(serverDir);
    }
  });
});
