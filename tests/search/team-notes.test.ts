import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../src/app/index.js';
import { openCache } from '../../src/app/open-cache.js';
import { WorkspaceDirectory } from '../../src/server/access/workspace-directory.js';
import { createWorkspaceWithDocument } from '../../src/server/create-workspace.js';
import { startSyncServer, type SyncServer } from '../../src/server/start-sync-server.js';
import {
  openServerDatabase,
  serverDatabaseFile,
} from '../../src/server/store/open-server-database.js';
import { TeamWorkspace } from '../../src/team/client/team-workspace.js';
import type { MailboxPermission } from '../../src/team/workspace/index.js';
import {
  openSyncedFacade,
  PASSWORD_VARIABLE,
  type SyncedFacade,
} from '../app-facade/support/synced-facade.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { customerMail } from '../team/support/customer-mail.js';

/*
 * Internal notes are searchable beside mail, for two teammates' apps (two data directories, two
 * facades) over a real sync server and real Dovecot mailboxes (support@ and sales@): a teammate's
 * note reaches the other's search through a sync, `in:notes` narrows to notes, edits and
 * deletions follow, a member finds no notes of a mailbox it may not access, search needs no
 * connection, and solo use finds its own notes at once.
 */

let dovecot: Dovecot;
let serverDir: string;
let server: SyncServer;
let workspaceId: string;
const members: Record<'ana' | 'ben', { memberId: string; token: string }> = {} as never;
let ana: SyncedFacade;
let ben: SyncedFacade;
/** Conversation ids by subject (the same on every teammate's machine). */
const conversation: Record<string, string> = {};

/** A second shared mailbox beside the facade's support@: sales@, the Dovecot user `sales`. */
async function addSales(app: SyncedFacade): Promise<void> {
  await app.app.accounts.add({
    name: 'Sales',
    email: 'sales@example.com',
    imapUrl: `imap://sales@${dovecot.host}:${dovecot.port}`,
    password: { env: PASSWORD_VARIABLE },
  });
}

/** A member's mailbox permission, set by ana (an admin) in her app and confirmed by the server. */
async function grant(memberId: string, mailbox: string, permission: MailboxPermission | null) {
  await withTeam(ana, async (team) => {
    team.atomically(() => team.workspace.team.setMailboxPermission(memberId, mailbox, permission));
    expect(await team.session.confirmed(5000)).toBe(true);
  });
}

/** The data directory's team workspace, through the core (what the contract has no method for). */
async function withTeam<T>(app: SyncedFacade, fn: (team: TeamWorkspace) => Promise<T>): Promise<T> {
  const db = openCache(app.dataDir);
  const team = await TeamWorkspace.open(db, app.dataDir, {
    me: { name: 'Unused', email: 'unused@example.com' },
  });
  try {
    return await fn(team);
  } finally {
    await team.close();
    db.close();
  }
}

const search = async (app: SyncedFacade, query: string): Promise<SearchHit[]> =>
  (await app.app.mail.search({ query })).hits;

/**
 * Syncs the app until its search finds `query`, and returns the hits. A sync started within a few
 * milliseconds of a teammate's confirmed change may not see it yet (the server announces changed
 * documents ~20 ms after a write): the next one does.
 */
async function syncUntil(app: SyncedFacade, query: string): Promise<SearchHit[]> {
  return until(`"${query}" found in ${app.dataDir}`, async () => {
    await app.app.sync.runOnce({});
    const hits = await search(app, query);
    return hits.length > 0 && hits;
  });
}

/** A hit that must be a note's. */
function note(hit: SearchHit): Extract<SearchHit, { kind: 'note' }> {
  if (hit.kind !== 'note') throw new Error(`not a note's hit: ${JSON.stringify(hit)}`);
  return hit;
}

/** The mailbox permissions an admin set for the member, as the app's cache has them. */
function mailboxesOf(app: SyncedFacade, memberId: string): Record<string, string> {
  const db = openCache(app.dataDir);
  try {
    const row = db
      .prepare<[string], { mailboxes_json: string }>(
        'SELECT mailboxes_json FROM team_members WHERE member_id = ?',
      )
      .get(memberId);
    return JSON.parse(row?.mailboxes_json ?? '{}') as Record<string, string>;
  } finally {
    db.close();
  }
}

/** Whether the data directory's cache holds a projected note with this word (search aside). */
function projected(app: SyncedFacade, word: string): boolean {
  const db = openCache(app.dataDir);
  try {
    return (
      db.prepare("SELECT 1 FROM conversation_notes WHERE text LIKE '%' || ? || '%'").get(word) !==
      undefined
    );
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dovecot = await startDovecot({
    users: [
      { user: 'support', password: 'secret' },
      { user: 'sales', password: 'secret' },
    ],
  });
  await appendMessage(
    dovecot,
    'support',
    'INBOX',
    customerMail('printer@c.example', 'Printer jam'),
  );
  await appendMessage(dovecot, 'support', 'INBOX', customerMail('refund@c.example', 'Refund 1001'));
  await appendMessage(dovecot, 'sales', 'INBOX', customerMail('plan@c.example', 'Enterprise plan'));

  serverDir = mkdtempSync(join(tmpdir(), 'switchboard-note-search-server-'));
  const serverDb = openServerDatabase(serverDatabaseFile(serverDir));
  try {
    const created = createWorkspaceWithDocument(serverDb, 'Team', {
      name: 'Ana',
      email: 'ana@example.com',
    });
    workspaceId = created.workspaceId;
    members.ana = created;
    members.ben = new WorkspaceDirectory(serverDb).addMember(workspaceId, {
      name: 'Ben',
      email: 'ben@example.com',
      role: 'agent',
    });
  } finally {
    serverDb.close();
  }
  server = await startSyncServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: serverDir,
    log: () => undefined,
  });

  [ana, ben] = await Promise.all([
    openSyncedFacade(dovecot, 'support'),
    openSyncedFacade(dovecot, 'support'),
  ]);
  for (const [app, who] of [
    [ana, 'ana'],
    [ben, 'ben'],
  ] as const) {
    await addSales(app);
    await app.app.team.join({ serverUrl: server.url, workspaceId, token: members[who].token });
    await app.app.sync.runOnce({});
  }
  for (const item of await ana.app.mail.conversations({})) conversation[item.subject] = item.id;
  // Ana may access both mailboxes (an admin's default, nothing set); Ben the support mailbox
  // only: an admin took sales@ from him.
  await grant(members.ben.memberId, 'sales@example.com', 'no-access');
  await ben.app.sync.runOnce({});
}, 120_000);

afterAll(async () => {
  await ana?.close();
  await ben?.close();
  await server?.close();
  await dovecot?.stop();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

describe('notes in search, between two teammates', () => {
  it("finds a teammate's note after a sync, saying it is a note and who wrote it", async () => {
    await ben.app.triage.note({
      conversationId: conversation['Printer jam']!,
      text: 'Called the customer: the tray is cracked, a technician visits on Tuesday.',
    });
    // The author's own cache has it at once (projected with the change).
    expect((await search(ben, 'technician')).map((hit) => hit.kind)).toEqual(['note']);

    expect(await syncUntil(ana, 'technician')).toEqual([
      {
        conversationId: conversation['Printer jam'],
        subject: 'Printer jam',
        snippet: expect.stringContaining('technician visits on Tuesday') as string,
        kind: 'note',
        author: 'ben@example.com',
        noteId: expect.any(String) as string,
      },
    ]);
  });

  it('in:notes narrows to notes; a conversation is one hit, by its best match', async () => {
    await ana.app.triage.note({
      conversationId: conversation['Refund 1001']!,
      text: 'Refund approved by finance',
    });
    await syncUntil(ben, 'approved');
    // "Refund 1001" matches in the mail's subject and in the note: one hit, the message ranking
    // first (a subject match), and only the note with in:notes.
    expect((await search(ben, 'refund')).map((hit) => [hit.subject, hit.kind])).toEqual([
      ['Refund 1001', 'message'],
    ]);
    expect((await search(ben, 'in:notes refund')).map((hit) => [hit.subject, hit.kind])).toEqual([
      ['Refund 1001', 'note'],
    ]);
    // Operators of mail leave notes out; from: is a note's author.
    expect(await search(ben, 'in:notes refund has:attachment')).toEqual([]);
    expect((await search(ben, 'from:ana in:notes')).map((hit) => hit.subject)).toEqual([
      'Refund 1001',
    ]);
    expect((await search(ben, 'from:Ben in:notes')).map((hit) => hit.subject)).toEqual([
      'Printer jam',
    ]);
  });

  it("follows a note's edit and its deletion", async () => {
    const { note: written } = await ben.app.triage.note({
      conversationId: conversation['Printer jam']!,
      text: 'Spare tray ordered from the warehouse',
    });
    expect((await syncUntil(ana, 'warehouse')).map(note).map((hit) => hit.noteId)).toEqual([
      written.id,
    ]);

    await withTeam(ben, async (team) => {
      const printer = await team.workspace.conversation(conversation['Printer jam']!);
      team.atomically(() => printer.editNote(written.id, 'Spare tray ordered from the depot'));
      expect(await team.session.confirmed(5000)).toBe(true);
    });
    expect((await syncUntil(ana, 'depot')).map(note).map((hit) => hit.noteId)).toEqual([
      written.id,
    ]);
    expect(await search(ana, 'warehouse')).toEqual([]);

    await withTeam(ben, async (team) => {
      const printer = await team.workspace.conversation(conversation['Printer jam']!);
      team.atomically(() => printer.deleteNote(written.id));
      // A note after the deletion, in the same document: once Ana has it, she has the deletion.
      team.atomically(() => printer.addNote('Tray replaced, closing'));
      expect(await team.session.confirmed(5000)).toBe(true);
    });
    await syncUntil(ana, 'closing');
    expect(await search(ana, 'depot')).toEqual([]);
    // The other notes stay.
    expect((await search(ana, 'technician')).map((hit) => hit.kind)).toEqual(['note']);
  });

  it('returns no note of a mailbox the member may not access, its mail still', async () => {
    await ana.app.triage.note({
      conversationId: conversation['Enterprise plan']!,
      text: 'Discount of twelve percent agreed with the buyer',
    });
    // The note reaches Ben's cache (every member's replica holds every note)…
    await until("the sales note in Ben's cache", async () => {
      await ben.app.sync.runOnce({});
      return projected(ben, 'twelve percent');
    });
    // …but Ben may not access sales@: search does not return it, nor does the conversation
    // view. Its mail, synced with the mailbox's own credentials, is found as before.
    expect(await search(ben, 'twelve')).toEqual([]);
    expect(
      (await ben.app.mail.conversation({ conversationId: conversation['Enterprise plan']! })).notes,
    ).toEqual([]);
    expect(
      (await ana.app.mail.conversation({ conversationId: conversation['Enterprise plan']! })).notes
        .length,
    ).toBe(1);
    expect((await search(ben, 'enterprise')).map((hit) => hit.kind)).toEqual(['message']);
    expect((await search(ana, 'twelve')).map((hit) => hit.kind)).toEqual(['note']);

    // Read-only access is access.
    await grant(members.ben.memberId, 'sales@example.com', 'read-only');
    expect((await syncUntil(ben, 'twelve')).map(note).map((hit) => hit.author)).toEqual([
      'ana@example.com',
    ]);

    // Withdrawn again: hidden again, once the withdrawal reached Ben's cache.
    await grant(members.ben.memberId, 'sales@example.com', 'no-access');
    await until("the withdrawal in Ben's cache", async () => {
      await ben.app.sync.runOnce({});
      return mailboxesOf(ben, members.ben.memberId)['sales@example.com'] === 'no-access';
    });
    expect(await search(ben, 'twelve')).toEqual([]);

    // Nothing set for him at all: an agent's default, which works every mailbox.
    await grant(members.ben.memberId, 'sales@example.com', null);
    expect((await syncUntil(ben, 'twelve')).map(note).map((hit) => hit.author)).toEqual([
      'ana@example.com',
    ]);
  });

  it('rebuilds the notes from the replica, as after migration 007: the next sync brings them all back', async () => {
    const before = await search(ana, 'in:notes');
    expect(before.length).toBeGreaterThanOrEqual(3);
    const db = openCache(ana.dataDir);
    try {
      // The notes as migration 007 leaves them: none projected, the timeline documents' last
      // exchanges forgotten. (The members are projected whenever the workspace opens.)
      db.exec(`
        DELETE FROM conversation_notes;
        INSERT INTO note_search (note_search) VALUES ('delete-all');
        DELETE FROM team_room_exchanges WHERE room LIKE '%/timeline-%';
      `);
    } finally {
      db.close();
    }
    expect(await search(ana, 'in:notes')).toEqual([]);
    await ana.app.sync.runOnce({});
    expect(await search(ana, 'in:notes')).toEqual(before);
  });

  it('searches without a connection: the team server stopped', async () => {
    await server.close();
    expect((await search(ana, 'technician')).map(note).map((hit) => hit.author)).toEqual([
      'ben@example.com',
    ]);
    expect((await search(ben, 'in:notes approved')).map((hit) => hit.subject)).toEqual([
      'Refund 1001',
    ]);
  });
});

describe('notes in search, solo', () => {
  it('finds its own notes at once, whatever the mailbox permissions', async () => {
    const solo = await openSyncedFacade(dovecot, 'support');
    try {
      const printer = (await solo.app.mail.conversations({})).find(
        (item) => item.subject === 'Printer jam',
      )!.id;
      await solo.app.triage.note({ conversationId: printer, text: 'Check the fuser first' });
      expect(await search(solo, 'fuser')).toEqual([
        expect.objectContaining({
          conversationId: printer,
          kind: 'note',
          author: 'support@example.com',
        }),
      ]);
    } finally {
      await solo.close();
    }
  });
});
