import type { Note } from '../../../src/team/workspace/index.js';
import { Random } from './random.js';
import { sentence } from './text.js';

/*
 * Internal notes a support team writes on its conversations, deterministic like the mail corpus:
 * the same (targets, count, seed) always gives the same notes. Short (a line or three), many in
 * the team's stock phrases ("waiting for the vendor"), some mentioning a teammate, the rest the
 * corpus's English words (vocabulary.ts), so note and mail queries hit comparable words.
 */

/** A conversation that may get notes, and the time its mail spans (ms). */
export interface NoteTarget {
  conversationId: string;
  firstAt: number;
  lastAt: number;
}

/** A teammate who writes notes. */
export interface NoteAuthor {
  id: string;
  email: string;
}

const STOCK = [
  'Called the customer',
  'Escalated to engineering',
  'Waiting for the vendor',
  'Refund approved',
  'Duplicate of an earlier ticket',
  'Customer is on the enterprise plan',
  'Sent the workaround',
  'Needs a second look',
] as const;

/**
 * `count` notes over `targets`: a third of the conversations picked get several (a thread the team
 * discusses), each note written by one of `authors` within two days of the conversation's mail.
 */
export function generateNotes(
  targets: readonly NoteTarget[],
  count: number,
  seed: number,
  authors: readonly NoteAuthor[],
): Note[] {
  const notes: Note[] = [];
  for (let conversation = 0; notes.length < count; conversation += 1) {
    const random = Random.derive(seed, 'note-conversation', conversation);
    const target = random.pick(targets);
    const many = random.chance(1 / 3) ? random.int(2, 5) : 1;
    for (let i = 0; i < many && notes.length < count; i += 1) {
      const author = random.pick(authors);
      const span = target.lastAt - target.firstAt + 2 * 86_400_000;
      const createdAt = target.firstAt + Math.floor(random.next() * span);
      notes.push({
        id: `${seed}-${conversation}-${i}`,
        conversationId: target.conversationId,
        author: author.id,
        text: noteText(random, authors),
        mentions: [],
        createdAt,
        editedAt: random.chance(0.1) ? createdAt + random.int(60_000, 3_600_000) : null,
      });
    }
  }
  return notes;
}

function noteText(random: Random, authors: readonly NoteAuthor[]): string {
  const parts: string[] = [];
  if (random.chance(0.6)) parts.push(`${random.pick(STOCK)}.`);
  if (random.chance(0.15)) parts.push(`@${random.pick(authors).email} can you take this one?`);
  for (let n = random.int(parts.length ? 0 : 1, 2); n > 0; n -= 1) parts.push(sentence(random));
  return parts.join(' ');
}
