import type { Db } from '../../db/open-database.js';
import type { Member, Note } from '../workspace/index.js';

interface NoteRow {
  id: number;
  conversation_id: string;
  note_id: string;
  author_id: string;
  text: string;
  created_at: number;
  edited_at: number | null;
  search_key: number;
}

interface MemberRow {
  member_id: string;
  name: string;
  email: string;
  role: string;
  removed: number;
  mailboxes_json: string;
}

const NOTE_COLUMNS =
  'id, conversation_id, note_id, author_id, text, created_at, edited_at, search_key';

/**
 * The tables of the notes projection (migration 007, see note-projection.ts): every note of the
 * workspace's timeline documents in `conversation_notes` and its full-text index `note_search`,
 * and the workspace's members in `team_members` (a note's author by name and email, and the
 * mailboxes this data directory's member may access).
 *
 * Writes compare with what is projected and touch only notes that changed, so projecting a whole
 * timeline document again after an exchange costs a read of its rows when nothing changed.
 */
export class NoteTables {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      ofConversation: db.prepare<[string, string], NoteRow>(
        `SELECT ${NOTE_COLUMNS} FROM conversation_notes WHERE workspace_id = ? AND conversation_id = ?`,
      ),
      ofShard: db.prepare<[string, number], NoteRow>(
        `SELECT ${NOTE_COLUMNS} FROM conversation_notes WHERE workspace_id = ? AND shard = ?`,
      ),
      ofWorkspace: db.prepare<[string], NoteRow>(
        `SELECT ${NOTE_COLUMNS} FROM conversation_notes WHERE workspace_id = ?`,
      ),
      insert: db.prepare<
        [string, number, string, string, string, string, number, number | null],
        { search_key: number }
      >(
        `INSERT INTO conversation_notes (workspace_id, shard, conversation_id, note_id, author_id, text, created_at, edited_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING search_key`,
      ),
      update: db.prepare<[string, string, number, number | null, number], { search_key: number }>(
        `UPDATE conversation_notes SET author_id = ?, text = ?, created_at = ?, edited_at = ?
         WHERE id = ? RETURNING search_key`,
      ),
      remove: db.prepare<[number]>('DELETE FROM conversation_notes WHERE id = ?'),
      index: db.prepare<[number, string]>('INSERT INTO note_search (rowid, text) VALUES (?, ?)'),
      // Contentless: a row leaves the index by restating what it was indexed with (fts5 §4.4.2).
      unindex: db.prepare<[number, string]>(
        "INSERT INTO note_search (note_search, rowid, text) VALUES ('delete', ?, ?)",
      ),
      members: db.prepare<[string], MemberRow>(
        'SELECT member_id, name, email, role, removed, mailboxes_json FROM team_members WHERE workspace_id = ?',
      ),
      putMember: db.prepare<[string, string, string, string, string, number, string]>(
        `INSERT INTO team_members (workspace_id, member_id, name, email, role, removed, mailboxes_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (workspace_id, member_id) DO UPDATE SET name = excluded.name, email = excluded.email,
           role = excluded.role, removed = excluded.removed, mailboxes_json = excluded.mailboxes_json`,
      ),
      removeMember: db.prepare<[string, string]>(
        'DELETE FROM team_members WHERE workspace_id = ? AND member_id = ?',
      ),
    };
  }

  /**
   * Makes the projected notes of these conversations (of one shard) what `notes` says they are
   * now: all of their notes, as their timeline document holds them.
   */
  conversations(
    workspaceId: string,
    shard: number,
    conversationIds: readonly string[],
    notes: readonly Note[],
  ): void {
    this.db.transaction(() => {
      const projected = conversationIds.flatMap((id) =>
        this.statements.ofConversation.all(workspaceId, id),
      );
      this.replace(workspaceId, shard, projected, notes);
    })();
  }

  /** Makes the projected notes of a timeline shard what `notes` (all of its notes) says. */
  shard(workspaceId: string, shard: number, notes: readonly Note[]): void {
    this.db.transaction(() => {
      this.replace(workspaceId, shard, this.statements.ofShard.all(workspaceId, shard), notes);
    })();
  }

  /** Makes the projected members of the workspace these (removed ones included). */
  members(workspaceId: string, members: readonly Member[]): void {
    const projected = new Map(
      this.statements.members.all(workspaceId).map((row) => [row.member_id, row]),
    );
    const changed = members.filter((member) => {
      const row = projected.get(member.id);
      projected.delete(member.id);
      return !row || !sameMember(row, member);
    });
    if (changed.length === 0 && projected.size === 0) return;
    this.db.transaction(() => {
      for (const member of changed) {
        this.statements.putMember.run(
          workspaceId,
          member.id,
          member.name,
          member.email,
          member.role,
          member.removed ? 1 : 0,
          mailboxesJson(member),
        );
      }
      for (const id of projected.keys()) this.statements.removeMember.run(workspaceId, id);
    })();
  }

  /** Forgets everything projected of the workspace (this data directory no longer works in it). */
  dropWorkspace(workspaceId: string): void {
    this.db.transaction(() => {
      this.removeRows(this.statements.ofWorkspace.all(workspaceId));
      this.db.prepare('DELETE FROM team_members WHERE workspace_id = ?').run(workspaceId);
    })();
  }

  private replace(
    workspaceId: string,
    shard: number,
    projected: readonly NoteRow[],
    notes: readonly Note[],
  ): void {
    const rows = new Map(projected.map((row) => [`${row.conversation_id}:${row.note_id}`, row]));
    for (const note of notes) {
      const key = `${note.conversationId}:${note.id}`;
      const row = rows.get(key);
      rows.delete(key);
      if (!row) {
        const { search_key } = this.statements.insert.get(
          workspaceId,
          shard,
          note.conversationId,
          note.id,
          note.author,
          note.text,
          note.createdAt,
          note.editedAt,
        )!;
        this.statements.index.run(search_key, note.text);
      } else if (!sameNote(row, note)) {
        this.statements.unindex.run(row.search_key, row.text);
        const { search_key } = this.statements.update.get(
          note.author,
          note.text,
          note.createdAt,
          note.editedAt,
          row.id,
        )!;
        this.statements.index.run(search_key, note.text);
      }
    }
    // Projected, and no longer in the document: deleted.
    this.removeRows([...rows.values()]);
  }

  private removeRows(rows: readonly NoteRow[]): void {
    for (const row of rows) {
      this.statements.unindex.run(row.search_key, row.text);
      this.statements.remove.run(row.id);
    }
  }
}

function sameNote(row: NoteRow, note: Note): boolean {
  return (
    row.text === note.text &&
    row.author_id === note.author &&
    row.created_at === note.createdAt &&
    row.edited_at === note.editedAt
  );
}

/** The member's mailbox permissions as stored: addresses in order, so equal maps compare equal. */
function mailboxesJson(member: Member): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(member.mailboxes).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
}

function sameMember(row: MemberRow, member: Member): boolean {
  return (
    row.name === member.name &&
    row.email === member.email &&
    row.role === member.role &&
    row.removed === (member.removed ? 1 : 0) &&
    row.mailboxes_json === mailboxesJson(member)
  );
}
