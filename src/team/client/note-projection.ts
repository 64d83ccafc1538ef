import type { Db } from '../../db/open-database.js';
import { parseRoom, shardRoom, type Workspace, type WorkspaceChange } from '../workspace/index.js';
import { TimelineShard } from '../workspace/timeline-shard.js';
import { NoteTables } from './note-tables.js';
import type { TeamSession } from './team-session.js';

/**
 * The team's internal notes in the cache, where search finds them beside mail (migration 007;
 * src/search/search-notes.ts): a projection of the timeline documents, as conversation_team_state
 * is of the state documents, kept by TeamWorkspace.
 *
 * - Every note of a loaded timeline document, ours or a teammate's, added, edited or deleted, as
 *   the document changes: a change made here in the cache transaction that stores it in the
 *   replica (TeamWorkspace.atomically), a received one as it arrives.
 * - Every note of a timeline document a sync exchanged, once exchanged (`timeline`): what reached
 *   the replica without the model (and, after migration 007, what was there before it).
 * - The workspace's members, as they change: authors' names and emails, and the mailboxes this
 *   data directory's member may access.
 */
export class NoteProjection {
  private readonly tables: NoteTables;
  private readonly stopWatching: () => void;

  constructor(
    db: Db,
    private readonly session: TeamSession,
    private readonly workspace: Workspace,
  ) {
    this.tables = new NoteTables(db);
    this.projectMembers();
    this.stopWatching = workspace.onChange((change) => {
      try {
        this.changed(change);
      } catch {
        // Inside Yjs's event, as the state projection: a failed write of the cache (a full disk)
        // must not break the document's transaction; the replica has the change, and projecting
        // the document again (the next exchange of it) brings the notes back in line.
      }
    });
  }

  /**
   * Projects every note of a timeline document open in the session (one a sync just exchanged):
   * notes that appeared, changed or disappeared since it was last projected.
   */
  timeline(room: string): void {
    const parsed = parseRoom(room);
    if (parsed?.kind !== 'timeline') return;
    const notes = this.shard(parsed.shard).allNotes();
    this.tables.shard(this.workspace.workspaceId, parsed.shard, notes);
  }

  close(): void {
    this.stopWatching();
  }

  private changed(change: WorkspaceChange): void {
    if (change.type === 'core') {
      if (change.parts.includes('members')) this.projectMembers();
      return;
    }
    if (change.part !== 'timeline') return;
    const shard = this.shard(change.shard);
    const notes = change.conversationIds.flatMap((id) => shard.notesOf(id));
    this.tables.conversations(
      this.workspace.workspaceId,
      change.shard,
      change.conversationIds,
      notes,
    );
  }

  private projectMembers(): void {
    const { workspaceId, team } = this.workspace;
    this.tables.members(workspaceId, team.members({ includeRemoved: true }));
  }

  /** A timeline shard's document, open in the session (the model or an exchange has it). */
  private shard(shard: number): TimelineShard {
    const { workspaceId, shardCount } = this.workspace;
    const room = shardRoom(workspaceId, 'timeline', shard, shardCount);
    return new TimelineShard(this.session.doc(room), shard);
  }
}
