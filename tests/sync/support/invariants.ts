import { expect } from 'vitest';
import type { Dovecot } from '../../helpers/dovecot.js';
import {
  cachedUids,
  cacheProblems,
  ftsRows,
  NO_PROBLEMS,
  searchIndexIsComplete,
  serverUids,
  withCache,
} from './cache.js';
import { search } from './cli.js';

interface SampleRow {
  id: number;
  conversation_id: string;
  body_text: string | null;
  subject: string;
}

/** An FTS5 phrase of up to `words` consecutive words from the middle of a text, or null. */
export function phraseFrom(text: string, words = 8): string | null {
  // A message's own words: the lines it quotes ("> …") belong to the message it answers.
  const own = text
    .split('\n')
    .filter((line) => !/^\s*>/.test(line))
    .join('\n');
  // Split where FTS5's unicode61 tokenizer does: at anything but letters, digits and marks.
  const tokens = own.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  if (tokens.length === 0) return null;
  const start = Math.max(0, Math.floor(tokens.length / 2) - Math.floor(words / 2));
  return tokens.slice(start, start + words).join(' ');
}

/**
 * What a complete cache of one folder holds after any sync, interrupted or not: exactly the
 * server's copies (same UIDs, none twice), one row per message, nothing left to fetch, a search
 * index that matches every row, and messages that are found by their own text.
 */
export async function expectCompleteFolder(
  dataDir: string,
  dovecot: Dovecot,
  user: string,
  path: string,
  expectedMessages: number,
): Promise<void> {
  const server = (await serverUids(dovecot, user, [path])).get(path) ?? [];
  expect(server).toHaveLength(expectedMessages);
  const sample = withCache(dataDir, (db) => {
    const cached = cachedUids(db, path);
    expect(cached.length, 'locations in the cache vs messages on the server').toBe(server.length);
    expect(cached).toEqual(server);
    expect(cacheProblems(db)).toEqual(NO_PROBLEMS);
    const rows = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    expect(rows, 'message rows').toBe(expectedMessages);

    // Every 50th message must be found in the index by a phrase of its own text.
    const picked = db
      .prepare(
        `SELECT id, conversation_id, body_text, subject FROM messages WHERE id % 50 = 0 ORDER BY id`,
      )
      .all() as SampleRow[];
    expect(picked.length).toBeGreaterThan(0);
    for (const row of picked) {
      const phrase = phraseFrom(row.body_text ?? '') ?? phraseFrom(row.subject);
      if (phrase === null) continue;
      expect(
        ftsRows(db, `"${phrase.replace(/"/g, '""')}"`),
        `message ${row.id} by "${phrase}"`,
      ).toContain(row.id);
    }
    return picked.slice(0, 5);
  });
  expect(searchIndexIsComplete(dataDir)).toEqual({ ok: true });
  // A first sync loads the index in bulk mode (merging off); a finished sync has switched it back.
  withCache(dataDir, (db) => {
    const automerge = db
      .prepare("SELECT v FROM message_search_config WHERE k = 'automerge'")
      .get() as { v: number } | undefined;
    expect(automerge?.v ?? 4, 'FTS5 automerge after the sync').toBe(4);
  });
  // And through the CLI, as a user searches.
  for (const row of sample) {
    const phrase = phraseFrom(row.body_text ?? '', 10);
    if (phrase === null) continue;
    const hits = await search(dataDir, `"${phrase}"`);
    expect(
      hits.map((hit) => hit.conversationId),
      `search "${phrase}"`,
    ).toContain(row.conversation_id);
  }
}
