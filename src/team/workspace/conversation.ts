import { WorkspaceError } from './errors.js';
import { checkMemberId, checkTime, checkToken, newLocalId } from './identifiers.js';
import { parseMentions } from './mentions.js';
import {
  CONVERSATION_STATUSES,
  type ActivityEntry,
  type AssignedEntry,
  type ConversationState,
  type ConversationStatus,
  type Note,
  type OverriddenAssignment,
} from './model.js';
import { overriddenAssignments } from './overridden.js';
import type { Settings } from './settings.js';
import type { KnownIds, StateShard } from './state-shard.js';
import type { Team } from './team.js';
import type { TimelineShard } from './timeline-shard.js';

/** What a conversation handle needs from its workspace. */
export interface ConversationContext {
  team: Team;
  settings: Settings;
  known(): KnownIds;
  now(): number;
}

const MAX_NOTE = 100_000;

type NewEntry<E extends ActivityEntry> = E extends unknown
  ? Omit<E, 'id' | 'conversationId' | 'actor' | 'at'>
  : never;

/**
 * One conversation's team state, notes and activity, with both its shard documents loaded
 * (`Workspace.conversation`). Reads are synchronous and current: they reflect remote changes as
 * soon as they arrive. Every write checks the acting member's role, changes the state and
 * appends what happened to the activity log.
 *
 * Concurrency (two teammates changing the same conversation while apart, then syncing):
 *
 * - Status (with its snooze time, one stored value) and assignee: one value each, converging to
 *   the same winner everywhere (Yjs orders concurrent writes of a key deterministically). Both
 *   writes stay in the activity log; `overriddenAssignments()` tells the assignments that lost.
 * - Tags and followers: merged per tag / per member. Concurrent adds of different tags keep
 *   both. A removal removes what its author saw; an add its author had not seen survives (add
 *   wins), so nobody's tag disappears without them having seen it.
 * - Notes: each its own entry, so notes written while apart all survive. Only the author edits
 *   or deletes; of concurrent edits (the author's two devices) one wins; of an edit and a
 *   deletion made while apart, the edit wins (the note stays, with the edited text).
 * - Activity: append only; every entry survives, shown in time order by their authors' clocks.
 * - Writes that change nothing (closing a closed conversation) write nothing.
 */
export class Conversation {
  constructor(
    private readonly context: ConversationContext,
    readonly id: string,
    private readonly stateShard: StateShard,
    private readonly timelineShard: TimelineShard,
  ) {}

  private get actor(): string {
    return this.context.team.actor;
  }

  state(): ConversationState {
    this.requireOpen();
    return this.stateShard.state(this.id, this.context.known());
  }

  /** Sets the status; `snoozed` needs `snoozedUntil` (ms, in the future), the others clear it. */
  setStatus(status: ConversationStatus, snoozedUntil?: number): void {
    this.beginWrite('change the status');
    if (!(CONVERSATION_STATUSES as readonly string[]).includes(status))
      throw new WorkspaceError('invalid', `not a status: ${JSON.stringify(status)}`);
    let until: number | null = null;
    if (status === 'snoozed') {
      if (snoozedUntil === undefined)
        throw new WorkspaceError('invalid', 'snoozing needs a time to wake up');
      until = checkTime('snooze time', snoozedUntil);
      if (until <= this.context.now())
        throw new WorkspaceError('invalid', 'the snooze time is in the past');
    }
    const current = this.stateShard.status(this.id);
    if (current.status === status && current.snoozedUntil === until) return;
    this.log({ kind: 'status', status, snoozedUntil: until });
    this.stateShard.setStatus(this.id, status, until);
  }

  /** Assigns to an active admin or agent, or with null unassigns. */
  assign(memberId: string | null): void {
    this.beginWrite('assign conversations');
    if (memberId !== null) {
      const role = this.context.team.roleOf(checkMemberId(memberId));
      if (!role) throw new WorkspaceError('not-found', `no member ${memberId}`);
      if (role === 'viewer')
        throw new WorkspaceError('invalid', 'viewers cannot be assigned conversations');
    }
    const current = this.stateShard.assignment(this.id);
    if ((current?.assignee ?? null) === memberId) return;
    const entry = this.log({
      kind: 'assigned',
      assignee: memberId,
      previous: current?.entryId ?? null,
    });
    this.stateShard.setAssignee(this.id, entry.id, memberId);
  }

  addTag(tagId: string): void {
    this.beginWrite('tag conversations');
    if (!this.context.settings.hasTag(tagId))
      throw new WorkspaceError('not-found', `no tag ${tagId}`);
    if (this.stateShard.hasTag(this.id, tagId)) return;
    this.log({ kind: 'tagged', tag: tagId });
    this.stateShard.setTag(this.id, tagId, true);
  }

  removeTag(tagId: string): void {
    this.beginWrite('untag conversations');
    if (!this.stateShard.hasTag(this.id, tagId)) return;
    this.log({ kind: 'untagged', tag: tagId });
    this.stateShard.setTag(this.id, tagId, false);
  }

  /** Makes a member (oneself by default) follow the conversation. */
  follow(memberId: string = this.actor): void {
    this.beginWrite('follow conversations');
    if (!this.context.team.isActive(memberId))
      throw new WorkspaceError('not-found', `no member ${memberId}`);
    if (this.stateShard.hasFollower(this.id, memberId)) return;
    this.log({ kind: 'followed', member: memberId });
    this.stateShard.setFollower(this.id, memberId, true);
  }

  unfollow(memberId: string = this.actor): void {
    this.beginWrite('unfollow conversations');
    if (!this.stateShard.hasFollower(this.id, memberId)) return;
    this.log({ kind: 'unfollowed', member: memberId });
    this.stateShard.setFollower(this.id, memberId, false);
  }

  /** Clears the acting member's "you were mentioned" marker. */
  clearMention(): void {
    this.beginWrite('clear mentions');
    if (this.stateShard.hasMention(this.id, this.actor))
      this.stateShard.setMention(this.id, this.actor, null);
  }

  /** Records a reply sent from the conversation (by the acting member). */
  recordReply(messageId?: string): void {
    this.beginWrite('reply');
    this.log({
      kind: 'replied',
      messageId: messageId === undefined ? null : checkToken('Message-ID', messageId),
    });
  }

  notes(): Note[] {
    this.requireOpen();
    return this.timelineShard.notesOf(this.id);
  }

  /** Adds an internal note; `@email` of members in the text become mentions. */
  addNote(text: string): Note {
    this.beginWrite('write notes');
    const body = this.checkNoteText(text);
    const at = this.context.now();
    const note: Note = {
      id: newLocalId(),
      conversationId: this.id,
      author: this.actor,
      text: body,
      mentions: parseMentions(body, this.context.team.members()),
      createdAt: at,
      editedAt: null,
    };
    this.timelineShard.doc.transact(() => {
      this.timelineShard.putNote(note);
      this.log({ kind: 'noted', noteId: note.id }, at);
    });
    this.markMentions(note.mentions, at);
    return note;
  }

  /** Replaces a note's text: its author only. Newly mentioned members get a mention marker. */
  editNote(noteId: string, text: string): Note {
    this.beginWrite('edit notes');
    const note = this.authoredNote(noteId, 'edit');
    const body = this.checkNoteText(text);
    if (body === note.text) return note;
    const at = this.context.now();
    const mentions = parseMentions(body, this.context.team.members());
    const edited: Note = { ...note, text: body, mentions, editedAt: at };
    this.timelineShard.doc.transact(() => {
      this.timelineShard.putNote(edited);
      this.log({ kind: 'note-edited', noteId }, at);
    });
    this.markMentions(
      mentions.filter((m) => !note.mentions.includes(m)),
      at,
    );
    return edited;
  }

  /** Deletes a note: its author only. */
  deleteNote(noteId: string): void {
    this.beginWrite('delete notes');
    this.authoredNote(noteId, 'delete');
    this.timelineShard.doc.transact(() => {
      this.timelineShard.removeNote(this.id, noteId);
      this.log({ kind: 'note-deleted', noteId });
    });
  }

  /** The audit timeline: every entry, oldest first. */
  activity(): ActivityEntry[] {
    this.requireOpen();
    return this.timelineShard.activity(this.id);
  }

  /**
   * Assignments that lost to one made concurrently (see overridden.ts), oldest first. An
   * assignment to the member who ended up assigned anyway is not reported: nothing was lost.
   */
  overriddenAssignments(): OverriddenAssignment[] {
    this.requireOpen();
    const assignments = this.activity().filter((e): e is AssignedEntry => e.kind === 'assigned');
    const winner = this.stateShard.assignment(this.id);
    return overriddenAssignments(assignments, winner?.entryId ?? null).filter(
      (lost) => lost.entry.assignee !== (winner?.assignee ?? null),
    );
  }

  private authoredNote(noteId: string, verb: string): Note {
    const note = this.timelineShard.note(this.id, noteId);
    if (!note) throw new WorkspaceError('not-found', `no note ${noteId} in ${this.id}`);
    if (note.author !== this.actor)
      throw new WorkspaceError('not-author', `only the author of a note can ${verb} it`);
    return note;
  }

  private markMentions(members: string[], at: number): void {
    const others = members.filter((m) => m !== this.actor);
    if (others.length === 0) return;
    this.stateShard.doc.transact(() => {
      for (const member of others) this.stateShard.setMention(this.id, member, at);
    });
  }

  private checkNoteText(text: string): string {
    if (typeof text !== 'string' || !text.trim() || text.length > MAX_NOTE)
      throw new WorkspaceError('invalid', 'a note needs text (at most 100,000 characters)');
    return text;
  }

  private log(fields: NewEntry<ActivityEntry>, at: number = this.context.now()): ActivityEntry {
    const entry = { ...fields, id: newLocalId(), conversationId: this.id, actor: this.actor, at };
    this.timelineShard.append(entry);
    return entry;
  }

  private beginWrite(what: string): void {
    this.requireOpen();
    this.context.team.requireWriter(what);
  }

  private requireOpen(): void {
    if (this.stateShard.released || this.timelineShard.released) {
      throw new WorkspaceError(
        'closed',
        `conversation ${this.id}: its shard was released; open it again`,
      );
    }
  }
}
