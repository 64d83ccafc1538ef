import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database.js';
import { coreRoom, Workspace, type ConversationState } from '../workspace/index.js';
import type { SoloMember } from './embedded-server.js';
import { othersIn, Presence, type TeammatePresence } from './presence.js';
import type { ConnectionState, RoomLink } from './room-link.js';
import type { TeamConfig } from './team-config.js';
import { TeamSession } from './team-session.js';
import { isUserError, UserError } from '../../errors.js';
import { refusedBeforeAnything } from './not-accepted.js';
import { NoteProjection } from './note-projection.js';
import { inWriteTransaction } from '../../db/write-transaction.js';

export interface TeamWorkspaceOptions {
  me: SoloMember;
  /** False: the local replica only, no connection (reads for `show` and `conversations`). */
  online?: boolean;
  /** How long to wait for the workspace's core document on a machine that never had it. */
  firstSyncMs?: number;
  maxBackoffMs?: number;
  /** The workspace to work in, rather than the data directory's (a join, before it is stored). */
  config?: TeamConfig;
  /** The clock of activity, note and presence times (the app's; tests pin it). */
  now?: () => number;
}

/**
 * What the projection holds of a conversation's state; a new one makes every cache project every
 * conversation again at its next sync, once. 2: the last reply (migration 009's columns, which
 * read NULL, no reply known, in rows projected before).
 */
const PROJECTION_FORMAT = 2;

/**
 * The team workspace of a data directory, ready to read and change: the session (replica and
 * links to the server), the workspace model over it, and the projection of every conversation's
 * team state into the cache (`conversation_team_state`), which the inbox lists and filters
 * without loading the workspace's shards.
 */
export class TeamWorkspace {
  private readonly upsert;
  private readonly remove;
  private readonly stopWatching: () => void;
  private announced: Presence | undefined;
  /** The notes (and members) in the cache, for search: see note-projection.ts. */
  readonly notes: NoteProjection;

  private constructor(
    private readonly db: Db,
    readonly session: TeamSession,
    readonly workspace: Workspace,
    private readonly now: () => number,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO conversation_team_state (conversation_id, status, snooze_until, assignee_id, assignee_email, tags_json,
         last_reply_member, last_reply_email, last_reply_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET status = excluded.status, snooze_until = excluded.snooze_until,
         assignee_id = excluded.assignee_id, assignee_email = excluded.assignee_email, tags_json = excluded.tags_json,
         last_reply_member = excluded.last_reply_member, last_reply_email = excluded.last_reply_email,
         last_reply_at = excluded.last_reply_at`,
    );
    this.remove = db.prepare('DELETE FROM conversation_team_state WHERE conversation_id = ?');
    this.notes = new NoteProjection(db, session, workspace);
    // Keeps the projection current with every change of a loaded state shard, ours or received,
    // read at once (the shard may be released right after).
    this.stopWatching = workspace.onChange((change) => {
      if (change.type !== 'conversations' || change.part !== 'state') return;
      try {
        this.project(workspace.loadedStates(change.conversationIds));
      } catch {
        // Inside Yjs's event: a failed write of the cache (a full disk) must not break the
        // document's transaction; the replica has the change, and the next `sync` rebuilds the
        // projection from it.
      }
    });
  }

  static async open(
    db: Db,
    dataDir: string,
    options: TeamWorkspaceOptions,
  ): Promise<TeamWorkspace> {
    const session = await TeamSession.open(db, dataDir, {
      me: options.me,
      ...(options.online === undefined ? {} : { online: options.online }),
      ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
      ...(options.config ? { config: options.config } : {}),
    });
    const actor = session.config.memberId;
    if (!actor) {
      await session.close();
      throw new UserError(
        'not-ready',
        'this data directory does not know its team member: run "switchboard team join" again',
      );
    }
    // Waiting for the core document (a machine that never had it) ends with the time, or at
    // once when the server refuses the token: no wait would change that.
    const refused = new AbortController();
    const stopWatching = session.onRefused((refusal) => refused.abort(refusal));
    const signal = AbortSignal.any([
      AbortSignal.timeout(options.online === false ? 1 : (options.firstSyncMs ?? 10_000)),
      refused.signal,
    ]);
    try {
      const now = options.now ?? Date.now;
      const workspace = await Workspace.open(session, {
        workspaceId: session.workspaceId,
        actor,
        signal,
        now,
      });
      return new TeamWorkspace(db, session, workspace, now);
    } catch (error) {
      await session.close();
      if (isUserError(refused.signal.reason, 'token-refused'))
        throw refusedBeforeAnything(refused.signal.reason);
      if (signal.aborted) {
        throw new UserError(
          'unreachable',
          'the team workspace has not reached this machine yet, and the team server did not answer: connect once, then it works offline',
        );
      }
      throw error;
    } finally {
      stopWatching();
    }
  }

  /** The acting member's email (what `--me` means). */
  get myEmail(): string {
    return this.workspace.team.member(this.workspace.actor)?.email ?? '';
  }

  /**
   * This app's presence, what teammates see of it (online, the conversation on screen, typing):
   * announced from the first call on, withdrawn when the workspace closes. Undefined without a
   * connection (a replica opened offline).
   */
  presence(): Presence | undefined {
    if (this.announced) return this.announced;
    const link = this.coreLink();
    if (!link) return undefined;
    const { team, actor } = this.workspace;
    const me = team.member(actor);
    this.announced = new Presence(
      link.awareness,
      { id: actor, name: me?.name ?? actor, email: me?.email ?? '' },
      this.now,
    );
    return this.announced;
  }

  /**
   * Who else is online in the workspace now (teammates, and this member's other app instances),
   * whether or not this app announced itself: presence travels with the core document.
   */
  teammates(): TeammatePresence[] {
    const link = this.coreLink();
    return link ? othersIn(link.awareness, this.now()) : [];
  }

  /** Calls back when anyone's presence may have changed; returns the unsubscribe. */
  onPresenceChange(listener: () => void): () => void {
    const awareness = this.coreLink()?.awareness;
    if (!awareness) return () => undefined;
    const handler = (): void => listener();
    awareness.on('change', handler);
    return () => awareness.off('change', handler);
  }

  /**
   * The connection to the team server as the core document's link has it (the one always open),
   * undefined without one; a refusal met by any document's link counts.
   */
  connection(): ConnectionState | undefined {
    if (this.session.refusal) return 'token-refused';
    return this.coreLink()?.connection;
  }

  /** Calls back as `connection()` changes (repeats included); returns the unsubscribe. */
  onConnection(listener: (state: ConnectionState) => void): () => void {
    const stops = [this.session.onRefused(() => listener('token-refused'))];
    const link = this.coreLink();
    if (link) stops.push(link.onConnection(listener));
    return () => {
      for (const stop of stops) stop();
    };
  }

  private coreLink(): RoomLink | undefined {
    return this.session.link(coreRoom(this.workspace.workspaceId));
  }

  /**
   * What the projection depends on beyond each conversation's own state: the members' emails,
   * the tags' names (see `project`) and what it holds of a state (PROJECTION_FORMAT). When it
   * changes, every conversation must be projected again.
   */
  projectionBasis(): string {
    const { team, settings } = this.workspace;
    const members = team
      .members()
      .map((m) => [m.id, m.email])
      .sort();
    const tags = settings
      .tags()
      .map((t) => [t.id, t.name])
      .sort();
    return createHash('sha256')
      .update(JSON.stringify({ format: PROJECTION_FORMAT, members, tags }))
      .digest('base64url');
  }

  /**
   * Runs `fn` (a change of the workspace) in one transaction of the cache database, so that what
   * it stores, in the replica and the projection, is stored together or not at all.
   */
  atomically<T>(fn: () => T): T {
    // A change reads the replica before it writes: the write lock is taken first, or a sync's
    // commit in between would make the write fail at once (write-transaction.ts).
    return inWriteTransaction(this.db, fn);
  }

  /** Writes these conversations' team state into the projection. */
  project(states: readonly ConversationState[]): void {
    const { team, settings } = this.workspace;
    const email = (member: string | null) => (member ? (team.member(member)?.email ?? null) : null);
    this.db.transaction(() => {
      for (const state of states) {
        const untouched =
          state.status === 'open' && !state.assignee && state.tags.length === 0 && !state.lastReply;
        if (untouched) {
          this.remove.run(state.conversationId);
          continue;
        }
        const tags = state.tags
          .map((id) => settings.tag(id)?.name)
          .filter((name): name is string => Boolean(name));
        const { lastReply } = state;
        this.upsert.run(
          state.conversationId,
          state.status,
          state.snoozedUntil,
          state.assignee,
          email(state.assignee),
          JSON.stringify(tags),
          lastReply?.member ?? null,
          email(lastReply?.member ?? null),
          lastReply?.at ?? null,
        );
      }
    })();
  }

  /**
   * Projects again the conversations listed with a tag name no tag has any more (a tag renamed or
   * deleted, here or by a teammate: the lists show tags by name). Returns their ids.
   */
  async projectTagNames(): Promise<string[]> {
    const names = new Set(this.workspace.settings.tags().map((tag) => tag.name));
    const stale = this.db
      .prepare<[], { id: string; tags: string }>(
        `SELECT conversation_id AS id, tags_json AS tags FROM conversation_team_state
         WHERE tags_json IS NOT NULL AND tags_json <> '[]'`,
      )
      .all()
      .filter((row) => (JSON.parse(row.tags) as string[]).some((name) => !names.has(name)))
      .map((row) => row.id);
    if (stale.length > 0)
      await this.rebuildProjection([...new Set(stale.map((id) => this.workspace.shardOf(id)))]);
    return stale;
  }

  /**
   * Rebuilds the projection of these state shards (all by default), one at a time; each is
   * released after unless it was loaded before or `keep` says so, so memory stays at one shard's
   * worth. After a first sync, or when member emails or tag names changed.
   */
  async rebuildProjection(
    shards?: readonly number[],
    options: { keep?: boolean } = {},
  ): Promise<number> {
    const loaded = new Set(this.workspace.loadedShards().state);
    const projected = new Map<number, string[]>();
    for (const { conversation_id: id } of this.db
      .prepare<[], { conversation_id: string }>(
        'SELECT conversation_id FROM conversation_team_state',
      )
      .all()) {
      const shard = this.workspace.shardOf(id);
      let ids = projected.get(shard);
      if (!ids) projected.set(shard, (ids = []));
      ids.push(id);
    }
    let count = 0;
    for (const shard of shards ??
      Array.from({ length: this.workspace.shardCount }, (_, index) => index)) {
      const states = await this.workspace.shardStates(shard);
      const ids = new Set(states.map((state) => state.conversationId));
      this.db.transaction(() => {
        for (const id of projected.get(shard) ?? []) if (!ids.has(id)) this.remove.run(id);
      })();
      this.project(states);
      count += states.length;
      if (!loaded.has(shard) && !options.keep) await this.workspace.releaseShard(shard, 'state');
    }
    return count;
  }

  async close(): Promise<void> {
    this.stopWatching();
    this.notes.close();
    await this.workspace.close();
    await this.session.close();
  }
}
