import type * as Y from 'yjs';
import { activityConversation, decodeActivity, encodeActivity } from './activity-codec.js';
import { changedKeys, insertedValues } from './transaction-changes.js';
import type { ActivityEntry, Note } from './model.js';

/*
 * One timeline document (`timeline-<i>-of-<n>`):
 *
 *   t   Y.Array of activity entries (activity-codec.ts), append only
 *   n   Y.Map `<conversation id>:<note id>` → {by, text, mentions, at, edited}
 *
 * Kept apart from the state so that listing the inbox never loads the log, and so that a
 * session's consecutive entries, not interleaved with map writes, merge into one Yjs item
 * (measured: a third of the items, half the load time; see workspace.ts). One array per shard,
 * not one per conversation: a nested type per conversation costs more than the entries it holds.
 * Reading one conversation's timeline scans the shard's array (milliseconds).
 */

export const TIMELINE_LOG = 't';
export const TIMELINE_NOTES = 'n';

interface StoredNote {
  by: string;
  text: string;
  mentions: string[];
  at: number;
  edited: number | null;
}

function decodeNote(conversationId: string, id: string, value: unknown): Note | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<Record<keyof StoredNote, unknown>>;
  if (typeof v.by !== 'string' || typeof v.text !== 'string' || typeof v.at !== 'number')
    return undefined;
  return {
    id,
    conversationId,
    author: v.by,
    text: v.text,
    mentions: Array.isArray(v.mentions)
      ? v.mentions.filter((m): m is string => typeof m === 'string')
      : [],
    createdAt: v.at,
    editedAt: typeof v.edited === 'number' ? v.edited : null,
  };
}

const byTime =
  <T extends { id: string }>(time: (x: T) => number) =>
  (a: T, b: T) =>
    time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class TimelineShard {
  readonly log: Y.Array<string>;
  readonly notes: Y.Map<unknown>;
  released = false;

  constructor(
    readonly doc: Y.Doc,
    readonly shard: number,
  ) {
    this.log = doc.getArray<string>(TIMELINE_LOG);
    this.notes = doc.getMap<unknown>(TIMELINE_NOTES);
  }

  append(entry: ActivityEntry): void {
    // insert at the end rather than push: push walks the whole list to find its end.
    this.log.insert(this.log.length, [encodeActivity(entry)]);
  }

  /** The conversation's entries in time order (ties by id, so the same order everywhere). */
  activity(conversationId: string): ActivityEntry[] {
    const prefix = `${conversationId}\t`;
    const entries: ActivityEntry[] = [];
    this.log.forEach((value: unknown) => {
      if (typeof value !== 'string' || !value.startsWith(prefix)) return;
      const entry = decodeActivity(value);
      if (entry) entries.push(entry);
    });
    return entries.sort(byTime((e) => e.at));
  }

  note(conversationId: string, id: string): Note | undefined {
    return decodeNote(conversationId, id, this.notes.get(`${conversationId}:${id}`));
  }

  /** The conversation's notes, oldest first. */
  notesOf(conversationId: string): Note[] {
    const prefix = `${conversationId}:`;
    const notes: Note[] = [];
    this.notes.forEach((value, key) => {
      if (!key.startsWith(prefix)) return;
      const note = decodeNote(conversationId, key.slice(prefix.length), value);
      if (note) notes.push(note);
    });
    return notes.sort(byTime((n) => n.createdAt));
  }

  /** Every note of the shard's conversations. */
  allNotes(): Note[] {
    const notes: Note[] = [];
    this.notes.forEach((value, key) => {
      const colon = key.indexOf(':');
      const note =
        colon > 0 ? decodeNote(key.slice(0, colon), key.slice(colon + 1), value) : undefined;
      if (note) notes.push(note);
    });
    return notes.sort(byTime((n) => n.createdAt));
  }

  putNote(note: Note): void {
    const stored: StoredNote = {
      by: note.author,
      text: note.text,
      mentions: note.mentions,
      at: note.createdAt,
      edited: note.editedAt,
    };
    this.notes.set(`${note.conversationId}:${note.id}`, stored);
  }

  /**
   * Deletes the note's value as its author saw it: an edit made concurrently (a new value)
   * survives, so of an edit and a deletion made while apart, the edit wins and no text is lost.
   */
  removeNote(conversationId: string, id: string): void {
    this.notes.delete(`${conversationId}:${id}`);
  }

  /** The conversations a transaction of this document touched (new entries, note changes). */
  changedConversations(transaction: Y.Transaction): Set<string> {
    const ids = new Set<string>();
    for (const key of changedKeys(transaction, this.notes)) {
      const colon = key === null ? -1 : key.indexOf(':');
      if (key !== null && colon > 0) ids.add(key.slice(0, colon));
    }
    for (const value of insertedValues(transaction, this.log)) {
      const id = activityConversation(value);
      if (id !== undefined) ids.add(id);
    }
    return ids;
  }
}
