import type { Db } from '../db/open-database.js';
import { messageSource } from './message-matches.js';
import { noteAccess, notesCanMatch, noteSource } from './note-matches.js';
import { ftsPhrase, parseSearchQuery } from './parse-query.js';
import { rankedMatches, type Candidate, type Matches } from './ranked-matches.js';
import { searchableText } from './searchable-text.js';
import { makeSnippet } from './snippet.js';
import { wordsOf } from './words.js';

interface HitBase {
  conversationId: string;
  /** The conversation's subject. */
  subject: string;
  /** Where it matched: words of the message, or of the note. */
  snippet: string;
}

/**
 * A conversation found, by where it matched best: one of its messages, or one of the team's
 * internal notes on it (with who wrote it: the author's email, and the note's id).
 */
export type SearchHit =
  (HitBase & { kind: 'message' }) | (HitBase & { kind: 'note'; author: string; noteId: string });

/**
 * Why a search shows fewer results than match: more conversations than the limit, or a full text
 * query matched more messages than are ranked (the newest `ranked`), which no limit changes.
 */
export type SearchCut =
  { reason: 'limit'; shown: number } | { reason: 'window'; ranked: number } | null;

/**
 * Ranked search over the cache: its mail, and the team's internal notes (note-matches.ts says
 * which notes a search may return, and which operators leave notes out; `in:notes` leaves mail
 * out). Free text goes to FTS5, ranked by match-score.ts (a message's subject weighted above its
 * participants above its body, a note's text as a body); operators become SQL filters.
 *
 * One hit per conversation, in the order of its best match, message or note, as a shared inbox
 * lists conversations (Front, Missive): a conversation whose note and message both match is one
 * result, shown by the better match of the two. Scores of the two indexes are on one scale
 * (match-score.ts).
 */
export function searchMessages(
  db: Db,
  input: string,
  options: { accountId?: string; limit?: number } = {},
): SearchHit[] {
  const found = findMatches(db, input, options.accountId, options.limit ?? 50);
  return toHits(db, found.candidates, found.terms);
}

/** searchMessages, and whether (and why) matches were left out: what a user must be told. */
export function searchWithCut(
  db: Db,
  input: string,
  options: { accountId?: string; limit?: number } = {},
): { hits: SearchHit[]; cut: SearchCut } {
  const limit = options.limit ?? 50;
  // One more than shown: whether there is more costs nothing then.
  const found = findMatches(db, input, options.accountId, limit + 1);
  const hits = toHits(db, found.candidates.slice(0, limit), found.terms);
  if (found.candidates.length > limit) return { hits, cut: { reason: 'limit', shown: limit } };
  const windows = found.windows.filter((window) => window.full());
  return {
    hits,
    cut: windows.length
      ? { reason: 'window', ranked: Math.max(...windows.map((w) => w.size)) }
      : null,
  };
}

function findMatches(
  db: Db,
  input: string,
  accountId: string | undefined,
  limit: number,
): { candidates: Candidate[]; terms: string[]; windows: Array<NonNullable<Matches['window']>> } {
  const query = parseSearchQuery(input);
  const terms = [...query.text, ...query.subject];
  const queryTerms = terms.map((term, index) => ({
    fts: ftsPhrase(term),
    words: wordsOf(term),
    inSubject: index >= query.text.length,
  }));
  const { before, after } = query;
  const found: Matches[] = [];
  if (!query.notesOnly) {
    const fts = [
      ...query.text.map(ftsPhrase),
      ...query.subject.map((term) => `subject : ${ftsPhrase(term)}`),
    ].join(' AND ');
    found.push(
      rankedMatches(
        db,
        messageSource(query, accountId),
        { fts, terms: queryTerms, before, after },
        limit,
      ),
    );
  }
  const access = notesCanMatch(query) ? noteAccess(db) : undefined;
  if (access && access.accountIds?.length !== 0) {
    const fts = query.text.map(ftsPhrase).join(' AND ');
    found.push(
      rankedMatches(
        db,
        noteSource(query, access, accountId),
        { fts, terms: queryTerms, before, after },
        limit,
      ),
    );
  }
  return {
    candidates: bestPerConversation(found.flatMap((matches) => matches.candidates)).slice(0, limit),
    terms,
    windows: found.flatMap((matches) => (matches.window ? [matches.window] : [])),
  };
}

/** Each conversation once, by its best-ranked candidate, best first (ties: as found). */
function bestPerConversation(candidates: Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const current = best.get(candidate.conversationId);
    if (!current || candidate.rank < current.rank) best.set(candidate.conversationId, candidate);
  }
  return [...best.values()].sort((a, b) => a.rank - b.rank);
}

function toHits(db: Db, candidates: Candidate[], terms: string[]): SearchHit[] {
  const message = db.prepare<
    [number],
    { subject: string; body_text: string | null; conversation_subject: string | null }
  >(
    `SELECT m.subject, m.body_text, c.subject AS conversation_subject
     FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?`,
  );
  const note = db.prepare<
    [number],
    { note_id: string; text: string; author: string; conversation_subject: string }
  >(
    `SELECT n.note_id, n.text, coalesce(tm.email, n.author_id) AS author, c.subject AS conversation_subject
     FROM conversation_notes n JOIN conversations c ON c.id = n.conversation_id
     LEFT JOIN team_members tm ON tm.workspace_id = n.workspace_id AND tm.member_id = n.author_id
     WHERE n.id = ?`,
  );
  return candidates.map((candidate): SearchHit => {
    const conversationId = candidate.conversationId;
    if (candidate.kind === 'note') {
      const found = note.get(candidate.id)!;
      return {
        conversationId,
        subject: found.conversation_subject,
        snippet: makeSnippet(found.text, terms),
        kind: 'note',
        author: found.author,
        noteId: found.note_id,
      };
    }
    const found = message.get(candidate.id);
    return {
      conversationId,
      subject: found?.conversation_subject ?? found?.subject ?? '',
      // Cut from the indexed words, so the excerpt shows where this message matched.
      snippet: makeSnippet(searchableText(found?.body_text ?? '') || found?.subject || '', terms),
      kind: 'message',
    };
  });
}
