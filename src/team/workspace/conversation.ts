import { WorkspaceError } from './errors.js';
import { checkLocalId, checkMemberId, checkTime, checkToken, newLocalId } from './identifiers.js';
import { parseMentions } from './mentions.js';
import {
  CONVERSATION_STATUSES,
  type ActivityEntry,
  type AssignedEntry,
  type ConversationState,
  type ConversationStatus,
  type Note,
  type OverriddenAssignment,
  type TagDefinition,
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

/**
 * A tag by id, or by name (ignoring case). `define`: when no tag has that name, an admin defines
 * it on the way, with this color or else the workspace's (Settings.newTagColor); anyone else is
 * told that an admin defines tags.
 */
export type TagRef = { id: string } | { name: string; define?: { color?: string } };

/** One change of a conversation, for `Conversation.apply`. */
export type ConversationEdit =
  | { kind: 'status'; status: ConversationStatus; snoozedUntil?: number }
  | { kind: 'assign'; member: string | null }
  | { kind: 'tag'; tag: TagRef; on: boolean }
  | { kind: 'follow'; member?: string; on: boolean }
  /** `id` and `createdAt`: a note carried over from elsewhere keeps them (same id: written once). */
  | { kind: 'note'; text: string; id?: string; createdAt?: number };

/** A checked edit, ready to write; returns the note it wrote, if any. */
type Write = () => Note | undefined;

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
 * - Last reply: each member's latest reply in a key of their own, so replies sent while apart
 *   all survive; the conversation's last reply is the latest of them (of equal times, the
 *   greatest member id), the same on every app (state-codec.ts `latestReply`).
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

  /**
   * Makes these edits, all or none: every edit is checked first (role, values, tags, members),
   * then all are written, one Yjs transaction per document (the tags the edits define in the
   * core, the state, the timeline), so each document stores and sends them as one update. An
   * edit that finds nothing to change (closing a closed conversation) writes nothing. Returns
   * the notes written.
   */
  apply(edits: readonly ConversationEdit[]): Note[] {
    this.requireOpen();
    const newTags = new Map<string, TagDefinition>();
    const writes = edits.map((edit) => this.prepare(edit, newTags));
    const { settings } = this.context;
    if (newTags.size > 0) settings.transact(() => newTags.forEach((tag) => settings.putTag(tag)));
    return this.commit(writes);
  }

  /** Sets the status; `snoozed` needs `snoozedUntil` (ms, in the future), the others clear it. */
  setStatus(status: ConversationStatus, snoozedUntil?: number): void {
    this.apply([
      { kind: 'status', status, ...(snoozedUntil === undefined ? {} : { snoozedUntil }) },
    ]);
  }

  /** Assigns to an active admin or agent, or with null unassigns. */
  assign(memberId: string | null): void {
    this.apply([{ kind: 'assign', member: memberId }]);
  }

  addTag(tagId: string): void {
    this.apply([{ kind: 'tag', tag: { id: tagId }, on: true }]);
  }

  removeTag(tagId: string): void {
    this.apply([{ kind: 'tag', tag: { id: tagId }, on: false }]);
  }

  /** Makes a member (oneself by default) follow the conversation. */
  follow(memberId: string = this.actor): void {
    this.apply([{ kind: 'follow', member: memberId, on: true }]);
  }

  unfollow(memberId: string = this.actor): void {
    this.apply([{ kind: 'follow', member: memberId, on: false }]);
  }

  /** Clears the acting member's "you were mentioned" marker. */
  clearMention(): void {
    this.beginWrite('clear mentions');
    if (this.stateShard.hasMention(this.id, this.actor))
      this.stateShard.setMention(this.id, this.actor, null);
  }

  /**
   * Records a reply sent from the conversation by the acting member: "replied" in the activity
   * log, and the member's latest reply in the state, which gives the conversation's last reply
   * (ConversationState.lastReply) to every teammate's list: both with one time, written as one.
   */
  recordReply(messageId?: string): void {
    this.commit([this.prepareReply(messageId)]);
  }

  notes(): Note[] {
    this.requireOpen();
    return this.timelineShard.notesOf(this.id);
  }

  /** Adds an internal note; `@email` of members in the text become mentions. */
  addNote(text: string): Note {
    return this.apply([{ kind: 'note', text }])[0] as Note;
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

  /**
   * Runs checked writes, one Yjs transaction per document (state, timeline), so each document
   * stores and sends them as one update. Returns the notes written.
   */
  private commit(writes: readonly Write[]): Note[] {
    const notes: Note[] = [];
    this.stateShard.doc.transact(() =>
      this.timelineShard.doc.transact(() => {
        for (const run of writes) {
          const note = run();
          if (note) notes.push(note);
        }
      }),
    );
    return notes;
  }

  /** Checks an edit (throws if it cannot be made) and returns its write. */
  private prepare(edit: ConversationEdit, newTags: Map<string, TagDefinition>): Write {
    switch (edit.kind) {
      case 'status':
        return this.prepareStatus(edit.status, edit.snoozedUntil);
      case 'assign':
        return this.prepareAssign(edit.member);
      case 'tag':
        return this.prepareTag(edit.tag, edit.on, newTags);
      case 'follow':
        return this.prepareFollow(edit.member ?? this.actor, edit.on);
      case 'note':
        return this.prepareNote(edit);
    }
  }

  private prepareStatus(status: ConversationStatus, snoozedUntil: number | undefined): Write {
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
    return () => {
      const current = this.stateShard.status(this.id);
      if (current.status === status && current.snoozedUntil === until) return undefined;
      this.log({ kind: 'status', status, snoozedUntil: until });
      this.stateShard.setStatus(this.id, status, until);
      return undefined;
    };
  }

  private prepareAssign(memberId: string | null): Write {
    this.beginWrite('assign conversations');
    if (memberId !== null) {
      const role = this.context.team.roleOf(checkMemberId(memberId));
      if (!role) throw new WorkspaceError('not-found', `no member ${memberId}`);
      if (role === 'viewer')
        throw new WorkspaceError('invalid', 'viewers cannot be assigned conversations');
    }
    return () => {
      const current = this.stateShard.assignment(this.id);
      if ((current?.assignee ?? null) === memberId) return undefined;
      const entry = this.log({
        kind: 'assigned',
        assignee: memberId,
        previous: current?.entryId ?? null,
      });
      this.stateShard.setAssignee(this.id, entry.id, memberId);
      return undefined;
    };
  }

  private prepareTag(ref: TagRef, on: boolean, newTags: Map<string, TagDefinition>): Write {
    this.beginWrite(on ? 'tag conversations' : 'untag conversations');
    const tagId = this.resolveTag(ref, on, newTags);
    return () => {
      if (this.stateShard.hasTag(this.id, tagId) === on) return undefined;
      this.log({ kind: on ? 'tagged' : 'untagged', tag: tagId });
      this.stateShard.setTag(this.id, tagId, on);
      return undefined;
    };
  }

  /** The tag's id; a tag `ref` defines is planned into `newTags` (written by `apply`). */
  private resolveTag(ref: TagRef, on: boolean, newTags: Map<string, TagDefinition>): string {
    const { settings, team } = this.context;
    if ('id' in ref) {
      // Removing a tag whose definition is gone still clears it.
      if (on && !settings.hasTag(ref.id)) throw new WorkspaceError('not-found', `no tag ${ref.id}`);
      return ref.id;
    }
    const key = ref.name.trim().toLowerCase();
    const known = settings.tagByName(ref.name) ?? newTags.get(key);
    if (known) return known.id;
    if (!on || !ref.define) throw new WorkspaceError('not-found', `no tag named ${ref.name}`);
    if (team.roleOf(this.actor) !== 'admin')
      throw new WorkspaceError('forbidden', `no tag named ${ref.name}: an admin defines tags`);
    const planned = settings.planTag(
      { name: ref.name, color: ref.define.color ?? settings.newTagColor() },
      new Set([...newTags.values()].map((tag) => tag.id)),
    );
    newTags.set(key, planned);
    return planned.id;
  }

  private prepareFollow(memberId: string, on: boolean): Write {
    this.beginWrite(on ? 'follow conversations' : 'unfollow conversations');
    if (on && !this.context.team.isActive(memberId))
      throw new WorkspaceError('not-found', `no member ${memberId}`);
    return () => {
      if (this.stateShard.hasFollower(this.id, memberId) === on) return undefined;
      this.log({ kind: on ? 'followed' : 'unfollowed', member: memberId });
      this.stateShard.setFollower(this.id, memberId, on);
      return undefined;
    };
  }

  /**
   * A member's own latest reply is replaced only by a later one: the same rule as between
   * members (state-codec.ts `latestReply`), so a clock that went back cannot make an earlier
   * reply the last. The activity logs every reply either way.
   */
  private prepareReply(messageId: string | undefined): Write {
    this.beginWrite('reply');
    const id = messageId === undefined ? null : checkToken('Message-ID', messageId);
    return () => {
      const { at } = this.log({ kind: 'replied', messageId: id });
      const mine = this.stateShard.reply(this.id, this.actor);
      if (!mine || mine.at <= at) this.stateShard.setReply(this.id, this.actor, at, id);
      return undefined;
    };
  }

  private prepareNote(edit: { text: string; id?: string; createdAt?: number }): Write {
    this.beginWrite('write notes');
    const body = this.checkNoteText(edit.text);
    const id = edit.id === undefined ? newLocalId() : checkLocalId(edit.id);
    const given = edit.createdAt === undefined ? undefined : checkTime('note time', edit.createdAt);
    return () => {
      if (this.timelineShard.note(this.id, id)) return undefined;
      const at = given ?? this.context.now();
      const note: Note = {
        id,
        conversationId: this.id,
        author: this.actor,
        text: body,
        mentions: parseMentions(body, this.context.team.members()),
        createdAt: at,
        editedAt: null,
      };
      this.timelineShard.putNote(note);
      this.log({ kind: 'noted', noteId: note.id }, at);
      this.markMentions(note.mentions, at);
      return note;
    };
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
