import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../src/db/migrate.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { count, describeMigrations, tables, testResources } from './support/migration-harness.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));
const migrations = loadMigrations();
const { tempDir, track } = testResources();

/** The cache's representative row sets (see MigrationSuite.rowSets). */
const ROW_SETS: Record<number, (db: Db) => Record<string, number>> = {
  1: (db) => {
    db.exec(`
      INSERT INTO accounts (id, name, email, imap_url, smtp_url, password_ref, created_at)
        VALUES ('acct', 'Support', 'support@example.com', 'imap://support@imap.example.com', NULL, 'env:SUPPORT_PASSWORD', 1700000000000);
      INSERT INTO mailboxes (id, account_id, path, name, delimiter, role, uid_validity, uid_next, highest_modseq, message_count, last_synced_at)
        VALUES (1, 'acct', 'INBOX', 'INBOX', '/', 'inbox', 1700000000, 3, 42, 2, 1700000000000),
               (2, 'acct', 'Archive', 'Archive', '/', 'archive', 1700000001, 2, NULL, 1, NULL);
      INSERT INTO messages (id, account_id, conversation_id, dedupe_key, message_id, thread_node, in_reply_to, references_json,
          subject, from_name, from_address, to_json, cc_json, participants, sent_at, received_at, size, has_attachments,
          text_part_json, body_state, body_text, problems, list_id)
        VALUES (1, 'acct', 'c1', 'id:a@x:0011', 'a@x', 'a@x', NULL, '[]', 'Printer broken', 'Alice', 'alice@x', '[]', '[]',
                'Alice <alice@x>', 1700000000000, 1700000000000, 1200, 1, '{"part":"1","type":"text/plain"}', 'done', 'Paper jam on floor three', NULL, NULL),
               (2, 'acct', 'c1', 'id:b@x:0022', 'b@x', 'b@x', 'a@x', '["a@x"]', 'Re: Printer broken', 'Desk', 'support@example.com',
                '[{"name":"Alice","address":"alice@x"}]', '[]', 'Desk <support@example.com>', NULL, 1700000100000, 800, 0,
                NULL, 'pending', NULL, 'no Date', NULL);
      INSERT INTO message_locations (mailbox_id, uid, message_id, flags, seen, flagged, modseq)
        VALUES (1, 1, 1, '\\Seen', 1, 0, 40), (1, 2, 2, '', 0, 0, 41), (2, 1, 1, '\\Flagged \\Seen', 1, 1, NULL);
      INSERT INTO thread_nodes (account_id, node, conversation_id, has_parent)
        VALUES ('acct', 'a@x', 'c1', 0), ('acct', 'b@x', 'c1', 1);
      INSERT INTO conversations (id, account_id, root_node, subject, normalized_subject, orphan_reply, message_count, unread_count,
          first_message_at, last_message_at, participants_json, has_attachments)
        VALUES ('c1', 'acct', 'a@x', 'Printer broken', 'printer broken', 0, 2, 1, 1700000000000, 1700000100000,
                '["alice@x","support@example.com"]', 1);
      INSERT INTO conversation_aliases (old_id, new_id) VALUES ('c0', 'c1');
      INSERT INTO attachments (id, message_id, part, filename, content_type, size, content_id, disposition, content_hash)
        VALUES (1, 1, '2', 'jam.jpg', 'image/jpeg', 4096, NULL, 'attachment', NULL);
      INSERT INTO pending_actions (id, account_id, kind, mailbox_path, uid, payload_json, created_at, attempts, last_error)
        VALUES (1, 'acct', 'flags', 'INBOX', 2, '{"add":["\\\\Seen"]}', 1700000200000, 1, 'connection lost');
      INSERT INTO message_search (rowid, subject, participants, body_text)
        VALUES (1, 'Printer broken', 'Alice <alice@x>', 'Paper jam on floor three');
    `);
    return {
      accounts: 1,
      mailboxes: 2,
      messages: 2,
      message_locations: 3,
      thread_nodes: 2,
      conversations: 1,
      conversation_aliases: 1,
      attachments: 1,
      pending_actions: 1,
    };
  },
  // Schema 2 only rebuilt an index: the same rows fit.
  2: (db) => ROW_SETS[1]!(db),
  3: (db) => {
    const rows = ROW_SETS[2]!(db);
    db.exec(`
      INSERT INTO team_workspaces (workspace_id, server_url, member_id, token_ref, joined_at)
        VALUES ('w1', 'ws://127.0.0.1:9', 'm1', 'file:team-token', 1700000000000);
      INSERT INTO workspace_updates (room, data) VALUES ('w1', x'0000'), ('w1/shard-03', x'0000');
      INSERT INTO conversation_team_state (conversation_id, status, snooze_until, assignee_id, assignee_email, tags_json)
        VALUES ('c1', 'open', NULL, 'm1', 'ana@example.com', '["billing"]');
    `);
    return { ...rows, team_workspaces: 1, workspace_updates: 2, conversation_team_state: 1 };
  },
  4: (db) => {
    const rows = ROW_SETS[3]!(db);
    db.exec(`
      INSERT INTO team_room_exchanges (room, version, seq) VALUES ('w1/state-03-of-32', 'e1:4', 2);
      INSERT INTO team_projection_basis (workspace_id, fingerprint) VALUES ('w1', 'abc');
    `);
    return { ...rows, team_room_exchanges: 1, team_projection_basis: 1 };
  },
  5: (db) => {
    const rows = ROW_SETS[4]!(db);
    db.exec(`
      UPDATE mailboxes SET sync_error = 'cannot select Archive: permission denied', sync_error_at = 1700000300000,
        flags_scanned_at = 1700000200000, unseen_count = 1 WHERE id = 2;
      UPDATE accounts SET sync_error = NULL, sync_error_at = NULL;
    `);
    return rows;
  },
  6: (db) => {
    const rows = ROW_SETS[5]!(db);
    db.exec(`
      INSERT INTO workspace_updates (room, data, pending) VALUES ('w1/state-03-of-32', x'0000', 1);
    `);
    return { ...rows, workspace_updates: rows.workspace_updates! + 1 };
  },
  7: (db) => {
    const rows = ROW_SETS[6]!(db);
    db.exec(`
      INSERT INTO conversation_notes (id, workspace_id, shard, conversation_id, note_id, author_id, text, created_at, edited_at)
        VALUES (1, 'w1', 3, 'c1', 'n1', 'm1', 'Customer called about the jam, sending a technician', 1700000400000, NULL);
      INSERT INTO note_search (rowid, text)
        SELECT search_key, text FROM conversation_notes WHERE id = 1;
      INSERT INTO team_members (workspace_id, member_id, name, email, role, removed, mailboxes_json)
        VALUES ('w1', 'm1', 'Ana', 'ana@example.com', 'admin', 0, '{"support@example.com":"full-access"}');
    `);
    return { ...rows, conversation_notes: 1, team_members: 1 };
  },
  // Schema 8 only added an index: the same rows fit.
  8: (db) => ROW_SETS[7]!(db),
  9: (db) => {
    const rows = ROW_SETS[8]!(db);
    db.exec(`
      INSERT INTO outbox (id, account_id, conversation_id, kind, message_id, raw, envelope_from, envelope_to, subject,
          author_id, author_email, send_mode, state, created_at, started_at, send_at, attempts, data_started_at, reason, sent_copy)
        VALUES (1, 'acct', 'c1', 'reply', 'r1@example.com', X'46726f6d3a20', 'support@example.com', '["alice@x"]',
                'Re: Printer broken', NULL, 'me@example.com', 'send-as', 'unknown', 1700000300000, 1700000250000,
                1700000310000, 1, 1700000311000, 'the connection dropped after the message went out', 'pending');
      UPDATE messages SET reply_to_json = '[{"name":"Alice (forms)","address":"forms@x"}]' WHERE id = 1;
      UPDATE messages SET reply_to_json = '[]' WHERE id = 2;
      UPDATE conversation_team_state SET last_reply_member = 'm1', last_reply_email = 'ana@example.com',
        last_reply_at = 1700000320000 WHERE conversation_id = 'c1';
    `);
    return { ...rows, outbox: 1 };
  },
  10: (db) => {
    const rows = ROW_SETS[9]!(db);
    db.exec(`
      UPDATE outbox SET bcc_json = '[{"address":"audit@example.com"}]',
        draft_json = '{"text":"Fixed","to":[],"cc":[],"bcc":[],"subject":null}' WHERE id = 1;
    `);
    return rows;
  },
  11: (db) => {
    const rows = ROW_SETS[10]!(db);
    db.exec(`
      INSERT INTO accounts (id, name, email, imap_url, transport, created_at)
        VALUES ('demo', 'Acme Support', 'support@acme.example', 'imap://support%40acme.example@local.invalid:143', 'local',
                1700000500000);
      UPDATE messages SET source_hash = '${'ab'.repeat(32)}' WHERE id = 1;
    `);
    return { ...rows, accounts: rows.accounts! + 1 };
  },
  // Schema 12 only added a column: the same rows fit.
  12: (db) => ROW_SETS[11]!(db),
  // Schema 13 only added an index.
  13: (db) => ROW_SETS[12]!(db),
  // So did schema 14.
  14: (db) => ROW_SETS[13]!(db),
  // And 15.
  15: (db) => ROW_SETS[14]!(db),
};

describeMigrations({
  name: 'the cache',
  migrationsDir: MIGRATIONS_DIR,
  migrations,
  open: (file, migrateTo) => openDatabase(file, migrateTo === undefined ? {} : { migrateTo }),
  opener: {
    module: new URL('../../src/db/open-database.ts', import.meta.url).href,
    name: 'openDatabase',
  },
  rowSets: ROW_SETS,
  strictViolation: {
    sql: "INSERT INTO accounts (id, name, email, imap_url, created_at) VALUES ('a', 'A', 'a@x', 'imap://x', 'yesterday')",
    error: /cannot store TEXT value in INTEGER column/,
  },
  checkNewest: (db) => {
    expect(
      db.prepare("SELECT rowid FROM message_search WHERE message_search MATCH 'jam'").all(),
    ).toEqual([{ rowid: 1 }]);
    // A note's index key is its time in seconds, then its row id (search-key.ts).
    expect(
      db
        .prepare(
          `SELECT n.note_id FROM note_search JOIN conversation_notes n ON n.search_key = note_search.rowid
           WHERE note_search MATCH 'technician' AND note_search.rowid = 1700000400 * 4194304 + 1`,
        )
        .all(),
    ).toEqual([{ note_id: 'n1' }]);
  },
});

describe('the cache: migration 7 (note-search)', () => {
  it("forgets the timeline documents' last exchanges (the next sync projects their notes), and no other", () => {
    const db = openDatabase(':memory:', { migrateTo: 6 });
    try {
      ROW_SETS[6]!(db);
      db.exec(
        "INSERT INTO team_room_exchanges (room, version, seq) VALUES ('w1/timeline-03-of-32', 'e1:9', 3)",
      );
      migrate(db, 7, migrations);
      expect(db.prepare('SELECT room FROM team_room_exchanges').pluck().all()).toEqual([
        'w1/state-03-of-32',
      ]);
    } finally {
      db.close();
    }
  });
});

describe('the cache: migration 9 (outbox)', () => {
  it("leaves the Reply-To of messages cached before it unknown (NULL), not 'none' ([])", () => {
    const db = openDatabase(':memory:', { migrateTo: 8 });
    try {
      ROW_SETS[8]!(db);
      migrate(db, 9, migrations);
      expect(db.prepare('SELECT id, reply_to_json FROM messages ORDER BY id').all()).toEqual([
        { id: 1, reply_to_json: null },
        { id: 2, reply_to_json: null },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('the cache: migration 10 (outbox drafts)', () => {
  it('reads messages queued before it as having no blind copy and no draft', () => {
    const db = openDatabase(':memory:', { migrateTo: 9 });
    try {
      ROW_SETS[9]!(db);
      migrate(db, 10, migrations);
      expect(db.prepare('SELECT id, bcc_json, draft_json FROM outbox').all()).toEqual([
        { id: 1, bcc_json: '[]', draft_json: null },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('the cache: migration 11 (local-accounts)', () => {
  it('keeps every account an IMAP one and every message on its server only, and refuses another transport', () => {
    const db = openDatabase(':memory:', { migrateTo: 10 });
    try {
      ROW_SETS[10]!(db);
      migrate(db, 11, migrations);
      expect(db.prepare('SELECT id, transport FROM accounts').all()).toEqual([
        { id: 'acct', transport: 'imap' },
      ]);
      expect(db.prepare('SELECT source_hash FROM messages').pluck().all()).toEqual([null, null]);
      expect(() =>
        db
          .prepare(
            "INSERT INTO accounts (id, name, email, imap_url, transport, created_at) VALUES ('x', 'X', 'x@x', 'imap://x@x', 'pop3', 0)",
          )
          .run(),
      ).toThrow(/CHECK constraint failed/);
    } finally {
      db.close();
    }
  });
});

describe('the cache: migration 12 (message-html)', () => {
  it('leaves whether the messages cached before have HTML unknown', () => {
    const db = openDatabase(':memory:', { migrateTo: 11 });
    try {
      ROW_SETS[11]!(db);
      migrate(db, 12, migrations);
      expect(db.prepare('SELECT has_html FROM messages').pluck().all()).toEqual([null, null]);
    } finally {
      db.close();
    }
  });
});

/** Runs `check` on a cache migrated from N-1 (holding its row set) to N. */
function afterMigration(n: number, check: (db: Db) => void): void {
  const db = openDatabase(':memory:', { migrateTo: n - 1 });
  try {
    ROW_SETS[n - 1]!(db);
    migrate(db, n, migrations);
    check(db);
  } finally {
    db.close();
  }
}

/** How SQLite means to run `sql`: its plan's steps, a line each. */
function planOf(db: Db, sql: string, ...params: unknown[]): string {
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
  return plan.map((step) => step.detail).join('\n');
}

describe('the cache: migration 13 (conversation-counts)', () => {
  it("counts the conversations from the index, not the table's rows", () => {
    afterMigration(13, (db) => {
      expect(
        planOf(
          db,
          'SELECT count(*), sum(c.unread_count > 0) FROM conversations c WHERE c.message_count > 0',
        ),
      ).toMatch(/USING COVERING INDEX conversations_counts/);
    });
  });
});

describe('the cache: migration 14 (folder-counts)', () => {
  it("counts each folder's messages and unread ones from the index, not the locations' rows", () => {
    afterMigration(14, (db) => {
      expect(
        planOf(
          db,
          'SELECT count(*) FROM message_locations l WHERE l.mailbox_id = 1 AND l.seen = 0',
        ),
      ).toMatch(/USING COVERING INDEX message_locations_seen/);
    });
  });
});

describe('the cache: migration 15 (sender-address)', () => {
  it("walks one sender's messages newest first from the index, whatever the address's case", () => {
    afterMigration(15, (db) => {
      // As search walks it (src/search/ranked-matches.ts, newest): from:ana@example.com.
      const steps = planOf(
        db,
        `SELECT m.id, m.conversation_id, -m.received_at FROM messages m
         WHERE m.search_key IS NOT NULL AND m.from_address = ? COLLATE NOCASE
           AND EXISTS (SELECT 1 FROM message_locations l WHERE l.message_id = m.id)
         ORDER BY m.search_key DESC`,
        'x',
      );
      expect(steps).toMatch(/USING INDEX messages_from_address/);
      expect(steps).not.toMatch(/TEMP B-TREE/);
      // And its messages still without a key (their text to come), as search asks for them
      // (message-matches.ts, unkeyed): from the index alone, not by reading each of its rows.
      expect(
        planOf(
          db,
          `SELECT m.id FROM messages m
           WHERE m.body_state = 'pending' AND m.search_key IS NULL
             AND m.from_address = ? COLLATE NOCASE`,
          'x',
        ),
      ).toMatch(/messages_from_address \(from_address=\? AND search_key=\?\)/);
      expect(
        db
          .prepare('SELECT count(*) FROM messages WHERE from_address = ? COLLATE NOCASE')
          .pluck()
          .get('ALICE@X'),
      ).toBe(1);
    });
  });
});

describe('migrate() on a database of a newer Switchboard', () => {
  it('refuses it', () => {
    const db = track(new Database(':memory:'));
    db.pragma('user_version = 999');
    expect(() => migrate(db)).toThrow(/newer Switchboard/);
  });
});

describe('loadMigrations', () => {
  const write = (dir: string, file: string, sql = 'SELECT 1;'): void =>
    writeFileSync(join(dir, file), sql);

  it('rejects a gap', () => {
    const dir = tempDir();
    copyFileSync(join(MIGRATIONS_DIR, '001-initial.sql'), join(dir, '001-initial.sql'));
    write(dir, '003-later.sql');
    expect(() => loadMigrations(dir)).toThrow(/migration 3 is out of sequence \(expected 2\)/);
  });

  it('rejects a duplicate number and a sequence that does not start at 1', () => {
    const duplicate = tempDir();
    write(duplicate, '001-a.sql');
    write(duplicate, '001-b.sql');
    expect(() => loadMigrations(duplicate)).toThrow(/out of sequence/);
    const late = tempDir();
    write(late, '002-first.sql');
    expect(() => loadMigrations(late)).toThrow(/out of sequence \(expected 1\)/);
  });

  it('reads the files in numeric order and ignores other files', () => {
    const dir = tempDir();
    write(dir, '002-second.sql', 'CREATE TABLE two (x INTEGER) STRICT;');
    write(dir, '001-first.sql', 'CREATE TABLE one (x INTEGER) STRICT;');
    write(dir, 'README.md', '# notes');
    expect(loadMigrations(dir).map(({ version, name }) => ({ version, name }))).toEqual([
      { version: 1, name: 'first' },
      { version: 2, name: 'second' },
    ]);
  });
});

describe('migrate', () => {
  it('stops at upTo and continues later', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001-one.sql'), 'CREATE TABLE one (x INTEGER) STRICT;');
    writeFileSync(join(dir, '002-two.sql'), 'CREATE TABLE two (x INTEGER) STRICT;');
    const list = loadMigrations(dir);
    const db = track(new Database(':memory:'));
    expect(migrate(db, 1, list)).toBe(1);
    expect(tables(db).map((table) => table.name)).toEqual(['one']);
    expect(migrate(db, undefined, list)).toBe(2);
    expect(
      tables(db)
        .map((table) => table.name)
        .sort(),
    ).toEqual(['one', 'two']);
  });

  it('leaves the database at N-1 when migration N fails midway', () => {
    const dir = tempDir();
    copyFileSync(join(MIGRATIONS_DIR, '001-initial.sql'), join(dir, '001-initial.sql'));
    writeFileSync(
      join(dir, '002-broken.sql'),
      'CREATE TABLE half_done (x INTEGER) STRICT;\nALTER TABLE accounts ADD COLUMN color TEXT;\nINSERT INTO no_such_table VALUES (1);',
    );
    const list = loadMigrations(dir);
    const db = track(new Database(':memory:'));
    expect(migrate(db, 1, list)).toBe(1);
    ROW_SETS[1]!(db);
    expect(() => migrate(db, undefined, list)).toThrow(/no such table: no_such_table/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db).map((table) => table.name)).not.toContain('half_done');
    expect(
      (db.pragma('table_info(accounts)') as Array<{ name: string }>).map((column) => column.name),
    ).not.toContain('color');
    expect(count(db, 'messages')).toBe(2);
  });
});
