import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigAttachmentMessage } from './big-message.js';
import {
  appendMessage,
  CAPABILITIES_WITHOUT_CONDSTORE,
  createFolder,
  deleteFolder,
  expunge,
  resetUidValidity,
  seedCorpus,
  setFlags,
  startDovecot,
  withImap,
  type Dovecot,
} from './dovecot.js';
import { startTcpProxy } from './tcp-proxy.js';
import { pgrep, until } from './wait.js';

function message(subject: string, body = 'hello'): string {
  return `From: a@example.com\r\nTo: b@example.com\r\nSubject: ${subject}\r\n\r\n${body}\r\n`;
}

function client(dovecot: Dovecot, port = dovecot.port): ImapFlow {
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user: 'support', pass: 'secret' },
    logger: false,
  });
  imap.on('error', () => undefined);
  return imap;
}

async function processGroup(dovecot: Dovecot): Promise<number> {
  const masterPid = (await readFile(join(dovecot.dir, 'run', 'master.pid'), 'utf8')).trim();
  const stat = await readFile(`/proc/${masterPid}/stat`, 'utf8');
  // Field 5 (pgrp), counted after the parenthesised command name, which may contain spaces.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

describe('startDovecot', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { user: 'support', password: 'secret' },
        { user: 'bulk', password: 'bulk-pw' },
      ],
    });
  });
  afterAll(() => dovecot.stop());

  it('offers CONDSTORE, QRESYNC, IDLE, MOVE and UIDPLUS by default', async () => {
    const capabilities = await withImap(dovecot, 'support', (imap) =>
      Promise.resolve(imap.capabilities),
    );
    for (const name of ['CONDSTORE', 'QRESYNC', 'IDLE', 'MOVE', 'UIDPLUS', 'SPECIAL-USE']) {
      expect(capabilities.has(name), name).toBe(true);
    }
  });

  it('autocreates the special-use folders, flagged by the server', async () => {
    const folders = await withImap(dovecot, 'support', (imap) => imap.list());
    const byPath = new Map(folders.map((folder) => [folder.path, folder]));
    for (const [path, use] of [
      ['Sent', '\\Sent'],
      ['Archive', '\\Archive'],
      ['Trash', '\\Trash'],
      ['Junk', '\\Junk'],
      ['Drafts', '\\Drafts'],
    ] as const) {
      expect(byPath.get(path)?.specialUse, path).toBe(use);
      expect(byPath.get(path)?.specialUseSource, path).toBe('extension');
    }
    expect(byPath.has('INBOX')).toBe(true);
  });

  it('appends, flags and expunges like another client would', async () => {
    const date = new Date('2024-03-01T10:00:00Z');
    const first = await appendMessage(
      dovecot,
      'support',
      'INBOX',
      message('one'),
      ['\\Seen'],
      date,
    );
    const second = await appendMessage(dovecot, 'support', 'INBOX', Buffer.from(message('two')));
    expect(second).toBe(first + 1);
    await setFlags(dovecot, 'support', 'INBOX', first, ['\\Flagged', '$Important'], ['\\Seen']);
    await expunge(dovecot, 'support', 'INBOX', [second]);
    const messages = await withImap(dovecot, 'support', async (imap) => {
      await imap.mailboxOpen('INBOX');
      return imap.fetchAll('1:*', { uid: true, flags: true, internalDate: true, envelope: true });
    });
    expect(messages.map((m) => m.uid)).toEqual([first]);
    expect([...(messages[0]?.flags ?? [])].sort()).toEqual(['$Important', '\\Flagged']);
    expect(new Date(messages[0]?.internalDate ?? 0).toISOString()).toBe(date.toISOString());
  });

  it('creates and deletes folders', async () => {
    await createFolder(dovecot, 'support', 'Projects');
    await appendMessage(dovecot, 'support', 'Projects', message('in projects'));
    const paths = async (): Promise<string[]> =>
      (await withImap(dovecot, 'support', (imap) => imap.list())).map((folder) => folder.path);
    expect(await paths()).toContain('Projects');
    await deleteFolder(dovecot, 'support', 'Projects');
    expect(await paths()).not.toContain('Projects');
  });

  it('resetUidValidity gives a folder a new UIDVALIDITY and keeps its messages', async () => {
    await createFolder(dovecot, 'support', 'Reset');
    await appendMessage(dovecot, 'support', 'Reset', message('keep me'), ['\\Answered', '$Label1']);
    const status = (folder: string): Promise<{ uidValidity?: bigint; messages?: number }> =>
      withImap(dovecot, 'support', async (imap) => {
        const result = await imap.status(folder, { uidValidity: true, messages: true });
        return result === false ? {} : result;
      });
    const before = await status('Reset');
    const renewed = await resetUidValidity(dovecot, 'support', 'Reset');
    const after = await status('Reset');
    expect(after.uidValidity).toBe(renewed);
    expect(renewed).not.toBe(before.uidValidity);
    expect(after.messages).toBe(1);
    const flags = await withImap(dovecot, 'support', async (imap) => {
      await imap.mailboxOpen('Reset');
      const fetched = await imap.fetchOne('*', { flags: true });
      return fetched === false ? [] : [...(fetched.flags ?? [])];
    });
    expect(flags).toEqual(expect.arrayContaining(['\\Answered', '$Label1']));

    // INBOX cannot be deleted over IMAP; the helper rebuilds it on disk instead.
    const inboxBefore = await status('INBOX');
    const inboxAfter = await resetUidValidity(dovecot, 'support', 'INBOX');
    expect(inboxAfter).not.toBe(inboxBefore.uidValidity);
    expect((await status('INBOX')).messages).toBe(inboxBefore.messages);
  });

  it('IDLE hears about an APPEND from another connection', async () => {
    const imap = client(dovecot);
    await imap.connect();
    try {
      await imap.mailboxOpen('Drafts');
      let heard = false;
      imap.once('exists', () => (heard = true));
      // idle() settles when the IDLE ends (at logout); only its start matters here.
      void imap.idle().catch(() => undefined);
      await until('imapflow to IDLE', () => imap.idling, 5_000);
      await appendMessage(dovecot, 'support', 'Drafts', message('draft'));
      // No command of this connection asks for it while it idles: only IDLE can bring it.
      await until('the EXISTS pushed during IDLE', () => heard);
    } finally {
      await imap.logout();
    }
  });

  it('seedCorpus writes a corpus that Dovecot serves', async () => {
    const summary = await seedCorpus(dovecot, 'bulk', 60, 15, 7);
    expect(summary).toMatchObject({ messages: 60, threads: 15 });
    const status = await withImap(dovecot, 'bulk', (imap) =>
      imap.status('INBOX', { messages: true }),
    );
    expect(status && status.messages).toBe(60);
  });

  it('accepts a 20 MB attachment', async () => {
    const raw = bigAttachmentMessage();
    expect(raw.subarray(-40).toString('latin1')).toMatch(/--\r\n$/);
    const uid = await appendMessage(dovecot, 'bulk', 'Archive', raw);
    const size = await withImap(dovecot, 'bulk', async (imap) => {
      await imap.mailboxOpen('Archive');
      return (await imap.fetchOne(String(uid), { size: true }, { uid: true })) || undefined;
    });
    expect(size?.size).toBe(raw.length);
  });
});

describe('startDovecot({ capabilities })', () => {
  it('hides CONDSTORE and QRESYNC but keeps the rest', async () => {
    const dovecot = await startDovecot({ capabilities: CAPABILITIES_WITHOUT_CONDSTORE });
    try {
      const { capabilities, enabled } = await withImap(dovecot, 'support', (imap) =>
        Promise.resolve({ capabilities: imap.capabilities, enabled: imap.enabled }),
      );
      expect(capabilities.has('CONDSTORE')).toBe(false);
      expect(capabilities.has('QRESYNC')).toBe(false);
      expect(enabled.size).toBe(0);
      for (const name of ['IDLE', 'MOVE', 'UIDPLUS', 'SPECIAL-USE'])
        expect(capabilities.has(name), name).toBe(true);
    } finally {
      await dovecot.stop();
    }
  });
});

describe('startTcpProxy', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(() => dovecot.stop());

  it('cutAll() drops a live imapflow connection', async () => {
    const proxy = await startTcpProxy(dovecot.port);
    try {
      const imap = client(dovecot, proxy.port);
      await imap.connect();
      await imap.mailboxOpen('INBOX');
      expect(proxy.serverBytes()).toBeGreaterThan(0);
      const closed = new Promise<void>((resolve) => imap.once('close', resolve));
      proxy.cutAll();
      await closed;
      expect(imap.usable).toBe(false);
    } finally {
      await proxy.stop();
    }
  });

  it('cutAfterServerBytes severs only the first connection, at that byte', async () => {
    const proxy = await startTcpProxy(dovecot.port, { cutAfterServerBytes: 300 });
    try {
      const first = client(dovecot, proxy.port);
      const closed = new Promise<void>((resolve) => first.once('close', resolve));
      // 300 bytes cover the greeting but not the login reply.
      await expect(first.connect()).rejects.toThrow();
      await closed;
      expect(proxy.serverBytes()).toBe(300);

      const second = client(dovecot, proxy.port);
      await second.connect();
      await second.mailboxOpen('INBOX');
      await second.logout();
      expect(proxy.serverBytes()).toBeGreaterThan(300);
    } finally {
      await proxy.stop();
    }
  });
});

describe('Dovecot lifetime', () => {
  it('stop() leaves no process and no folder behind', async () => {
    const dovecot = await startDovecot();
    // A session makes Dovecot fork its login, auth and imap processes too.
    await appendMessage(dovecot, 'support', 'INBOX', message('x'));
    const group = await processGroup(dovecot);
    expect(await pgrep('-f', dovecot.dir)).not.toEqual([]);
    expect((await pgrep('-g', String(group))).length).toBeGreaterThan(3);
    await dovecot.stop();
    await dovecot.stop();
    expect(await pgrep('-f', dovecot.dir)).toEqual([]);
    expect(await pgrep('-g', String(group))).toEqual([]);
    expect(existsSync(dovecot.dir)).toBe(false);
  });
});
