import type * as Y from 'yjs';
import { Conversation, type ConversationContext } from './conversation.js';
import {
  CORE_ROOTS,
  coreMap,
  initializeCore,
  readWorkspaceName,
  whenCoreReady,
  type CorePart,
} from './core-doc.js';
import type { DocSource, ReleaseOptions } from './doc-source.js';
import { Draft } from './draft.js';
import { WorkspaceError } from './errors.js';
import { checkConversationId, checkMemberId } from './identifiers.js';
import type { ConversationState, DraftMarker, Note } from './model.js';
import {
  coreRoom,
  DEFAULT_SHARD_COUNT,
  draftRoomFor,
  roomsOf,
  shardOf,
  shardRoom,
  type ShardPart,
  type WorkspaceRooms,
} from './rooms.js';
import { Settings } from './settings.js';
import { StateShard, type KnownIds } from './state-shard.js';
import { Team } from './team.js';
import { TimelineShard } from './timeline-shard.js';
import { hasChanged } from './transaction-changes.js';

/*
 * The workspace document model: the team state of a workspace laid out over Yjs documents
 * (rooms.ts names them), with typed accessors, permission checks and change events.
 *
 * The split was decided by measurement: `npm run bench:workspace-open`, 100,000 conversations
 * with realistic history (540k writes: assignments and reassignments, 1–3 tags, status changes,
 * follows, 30k notes, replies; 60 editing sessions), each document stored as one update, each
 * open cold in a fresh process. Target: ≤ 0.5 s and ≤ 150 MB. Measured on 2 cores (a quiet run;
 * with other jobs on the machine times were up to 1.8× longer, never over the target):
 *
 *   layout                                           stored   open      heap    RSS
 *   one document, a nested Y.Map per conversation    85 MB    9.2 s     935 MB  1190 MB
 *   one document, flat maps (this layout, unsplit)   85 MB    3.8 s     470 MB   575 MB
 *   split: core                                      0.02 MB  5–8 ms    0 MB      0 MB
 *   split: core + 1 state shard (a state)            0.6 MB   91 ms     7 MB     17 MB
 *   split: core + state + timeline shard             2.6 MB   170 ms    14 MB    32 MB
 *     (open the app and show a conversation; then its timeline reads in ~25 ms, a snapshot of
 *     its shard's 3,150 conversations included)
 *   split: all 32 state shards one by one, released  20 MB    1.4–2.5 s  0 MB after, 78 MB peak
 *     (rebuilding the client's projection, a background job)
 *   split: all 64 shards at once                     82 MB    1.9 s     340 MB   395 MB
 *
 * Each member's last reply in the state (issue 10, state-codec.ts `r:`) grew the state documents
 * from 19.8 to 26.4 MB (0.8 reply a conversation); measured side by side under the same load
 * (4 on 2 cores): core + state 174 → 204 ms, + timeline 355 → 382 ms, every state shard one by
 * one 2.7 → 3.3 s.
 *
 * Yjs keeps every write as an item object (~450 bytes of heap for a live map entry, ~240 for an
 * overwritten one, whatever the key and value; ~2.5 µs each to load), so memory and load time
 * follow the number of writes ever made, not the size of the current state. Hence:
 *
 * - no single document: every layout of 100k conversations in one document takes seconds and
 *   hundreds of MB to open;
 * - per-conversation state in flat maps with one key per field (state-codec.ts): nested maps
 *   cost a type and its item per conversation, twice the memory and 2.4× the time here;
 * - state and timeline (notes, activity) in separate documents: the inbox needs only the state
 *   (a quarter of the bytes); the log is the rest, and a log not interleaved with map writes
 *   merges a session's consecutive entries into one item (a separate log loaded in half the
 *   time of the same log inside the state document, in a prototype);
 * - 32 shards of each: showing a conversation loads 1/32 of the workspace, within the target
 *   with room for about twice as many conversations (16 shards would be at the limit today,
 *   64 would double the rooms a projection rebuild goes through for little gain);
 * - drafts one document per conversation, opened only while someone edits one.
 *
 * Nothing is loaded eagerly but the core document. Listing and filtering the inbox is the
 * client's SQLite projection's job (conversation_team_state), fed from `shardStates` (a snapshot
 * of one shard, then released) and kept current from the change events of loaded shards.
 */

export type ChangeOrigin = 'local' | 'remote';

/** What changed, from a local write or an update received from teammates. */
export type WorkspaceChange =
  | {
      type: 'conversations';
      part: ShardPart;
      shard: number;
      conversationIds: string[];
      origin: ChangeOrigin;
    }
  | { type: 'core'; parts: CorePart[]; origin: ChangeOrigin };

export interface WorkspaceOptions {
  workspaceId: string;
  /** The member this app acts as (the id the sync server issued with its token). */
  actor: string;
  /** The clock of activity times (tests pin it). */
  now?: () => number;
  /** Stops waiting for the core document to arrive (a new machine that is offline). */
  signal?: AbortSignal;
}

export interface CreateWorkspaceOptions extends WorkspaceOptions {
  /** The actor, who becomes the workspace's first admin. */
  admin: { name: string; email: string };
  shardCount?: number;
}

interface Watched {
  room: string;
  doc: Y.Doc;
  onTransaction: (transaction: Y.Transaction) => void;
}

const CORE_PARTS = Object.keys(CORE_ROOTS) as CorePart[];

export class Workspace {
  readonly team: Team;
  readonly settings: Settings;
  private readonly now: () => number;
  private readonly listeners = new Set<(change: WorkspaceChange) => void>();
  private readonly states = new Map<number, Promise<StateShard>>();
  /** The state shards loaded and not released: `states` once resolved. */
  private readonly statesNow = new Map<number, StateShard>();
  private readonly timelines = new Map<number, Promise<TimelineShard>>();
  private readonly drafts = new Map<string, Promise<Draft>>();
  private readonly watched = new Map<string, Watched>();
  /** Rooms being released: opening one again waits for its release. */
  private readonly releasing = new Map<string, Promise<void>>();
  private knownIds: KnownIds | undefined;
  private readonly context: ConversationContext;
  private closed = false;

  private constructor(
    private readonly source: DocSource,
    readonly workspaceId: string,
    readonly core: Y.Doc,
    readonly shardCount: number,
    options: WorkspaceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.team = new Team(core, options.actor);
    this.settings = new Settings(core, this.team);
    this.context = {
      team: this.team,
      settings: this.settings,
      known: () => this.known(),
      now: this.now,
    };
    const coreMaps = CORE_PARTS.map((part) => [part, coreMap(core, part)] as const);
    this.watch(coreRoom(workspaceId), core, (transaction) => {
      const parts = coreMaps
        .filter(([, map]) => hasChanged(transaction, map))
        .map(([part]) => part);
      if (parts.length === 0) return;
      if (parts.includes('members') || parts.includes('tags')) this.knownIds = undefined;
      this.emit({ type: 'core', parts, origin: transaction.local ? 'local' : 'remote' });
    });
  }

  /**
   * Opens the workspace: only its core document. Waits until the core names the shard count,
   * which it does at once unless this machine has never received it (then it waits for sync).
   */
  static async open(source: DocSource, options: WorkspaceOptions): Promise<Workspace> {
    checkMemberId(options.actor);
    const room = coreRoom(options.workspaceId);
    const doc = await source.open(room);
    const shardCount = await whenCoreReady(doc, options.signal);
    return new Workspace(source, options.workspaceId, doc, shardCount, options);
  }

  /** Sets up a new workspace's core document, the actor its first admin. */
  static async create(source: DocSource, options: CreateWorkspaceOptions): Promise<Workspace> {
    checkMemberId(options.actor);
    const shardCount = options.shardCount ?? DEFAULT_SHARD_COUNT;
    const doc = await source.open(coreRoom(options.workspaceId));
    doc.transact(() => {
      initializeCore(doc, shardCount);
      new Team(doc, options.actor).bootstrap({
        id: options.actor,
        ...options.admin,
        role: 'admin',
      });
    });
    return new Workspace(source, options.workspaceId, doc, shardCount, options);
  }

  get actor(): string {
    return this.team.actor;
  }

  /** The workspace's name (its sync server's directory writes it); undefined: none, or not yet. */
  name(): string | undefined {
    return readWorkspaceName(this.core);
  }

  rooms(): WorkspaceRooms {
    return roomsOf(this.workspaceId, this.shardCount);
  }

  shardOf(conversationId: string): number {
    return shardOf(checkConversationId(conversationId), this.shardCount);
  }

  /** A conversation's state, notes and activity (loads its shard's two documents if needed). */
  async conversation(conversationId: string): Promise<Conversation> {
    const shard = this.shardOf(conversationId);
    const [state, timeline] = await Promise.all([
      this.stateShard(shard),
      this.timelineShard(shard),
    ]);
    return new Conversation(this.context, conversationId, state, timeline);
  }

  /** A conversation's state alone (loads only its state shard). */
  async conversationState(conversationId: string): Promise<ConversationState> {
    const state = await this.stateShard(this.shardOf(conversationId));
    return state.state(conversationId, this.known());
  }

  /**
   * The state of those of the conversations whose state shard is loaded, read now, without
   * loading any: for a change listener, which must neither wait (the shard may be released
   * meanwhile) nor load a shard again for nothing.
   */
  loadedStates(conversationIds: readonly string[]): ConversationState[] {
    const states: ConversationState[] = [];
    for (const id of conversationIds) {
      const shard = this.statesNow.get(this.shardOf(id));
      if (shard && !shard.released) states.push(shard.state(id, this.known()));
    }
    return states;
  }

  /**
   * Every conversation of a shard with state stored, in one pass over its document: what the
   * client's projection is built from, shard by shard. Conversations not listed are open,
   * unassigned and untagged.
   */
  async shardStates(shard: number): Promise<ConversationState[]> {
    return (await this.stateShard(shard)).snapshot(this.known());
  }

  /** Every note of a shard's conversations, in one pass over its timeline document. */
  async shardNotes(shard: number): Promise<Note[]> {
    return (await this.timelineShard(shard)).allNotes();
  }

  /** The conversation's shared draft, open until `draft.close()` (one instance per conversation). */
  openDraft(conversationId: string): Promise<Draft> {
    this.requireOpen();
    const room = draftRoomFor(this.workspaceId, conversationId);
    let draft = this.drafts.get(conversationId);
    if (!draft) {
      const shard = this.shardOf(conversationId);
      draft = this.load(room, () => undefined).then(
        (doc) =>
          new Draft(conversationId, doc, {
            team: this.team,
            now: this.now,
            setMarker: (marker) => this.setDraftMarker(shard, conversationId, marker),
            release: (blank) => {
              this.drafts.delete(conversationId);
              // A blank draft (sent, discarded) leaves nothing worth a local copy.
              void this.release(room, { forget: blank });
            },
          }),
      );
      this.drafts.set(conversationId, draft);
      draft.catch(() => this.drafts.delete(conversationId));
    }
    return draft;
  }

  /** Shards whose documents are loaded (or loading). */
  loadedShards(): { state: number[]; timeline: number[] } {
    return {
      state: [...this.states.keys()].sort((a, b) => a - b),
      timeline: [...this.timelines.keys()].sort((a, b) => a - b),
    };
  }

  /**
   * Loads a shard's document (its state unless told otherwise), so that its changes are reported
   * to `onChange` listeners from now on, as they arrive.
   */
  async loadShard(shard: number, part: ShardPart = 'state'): Promise<void> {
    await (part === 'state' ? this.stateShard(shard) : this.timelineShard(shard));
  }

  /**
   * Releases a shard's documents (both parts unless one is named) to bound memory; handles on
   * its conversations then throw `closed`. Loading it again later is a fresh load.
   */
  async releaseShard(shard: number, part?: ShardPart): Promise<void> {
    const work: Array<Promise<void>> = [];
    if (part !== 'timeline') {
      this.statesNow.delete(shard);
      // A shard still loading when released is made (and listed) before its release completes.
      const released = this.releaseFrom(this.states, shard, 'state').finally(() => {
        if (this.statesNow.get(shard)?.released) this.statesNow.delete(shard);
      });
      work.push(released);
    }
    if (part !== 'state') work.push(this.releaseFrom(this.timelines, shard, 'timeline'));
    await Promise.all(work);
  }

  /** Calls back after every change of a loaded document, local or remote. */
  onChange(listener: (change: WorkspaceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Releases every document, the core last. */
  async close(): Promise<void> {
    if (this.closed) return;
    const shards = new Set([...this.states.keys(), ...this.timelines.keys()]);
    await Promise.all([...shards].map((shard) => this.releaseShard(shard)));
    for (const draft of this.drafts.values()) (await draft.catch(() => undefined))?.close();
    await Promise.all(this.releasing.values());
    this.closed = true;
    await this.release(coreRoom(this.workspaceId));
    this.listeners.clear();
  }

  private stateShard(shard: number): Promise<StateShard> {
    return this.shardFrom(this.states, shard, 'state', (doc) => {
      const made = new StateShard(doc, shard);
      this.statesNow.set(shard, made);
      return made;
    });
  }

  private timelineShard(shard: number): Promise<TimelineShard> {
    return this.shardFrom(
      this.timelines,
      shard,
      'timeline',
      (doc) => new TimelineShard(doc, shard),
    );
  }

  private shardFrom<S extends StateShard | TimelineShard>(
    cache: Map<number, Promise<S>>,
    shard: number,
    part: ShardPart,
    make: (doc: Y.Doc) => S,
  ): Promise<S> {
    this.requireOpen();
    const existing = cache.get(shard);
    if (existing) return existing;
    const room = shardRoom(this.workspaceId, part, shard, this.shardCount);
    let made: S | undefined;
    const loading = this.load(room, (transaction) => {
      if (!made) return;
      const conversationIds = [...made.changedConversations(transaction)];
      if (conversationIds.length > 0) {
        this.emit({
          type: 'conversations',
          part,
          shard,
          conversationIds,
          origin: transaction.local ? 'local' : 'remote',
        });
      }
    }).then((doc) => (made = make(doc)));
    cache.set(shard, loading);
    loading.catch(() => cache.delete(shard));
    return loading;
  }

  private async releaseFrom<S extends StateShard | TimelineShard>(
    cache: Map<number, Promise<S>>,
    shard: number,
    part: ShardPart,
  ): Promise<void> {
    const loading = cache.get(shard);
    if (!loading) return;
    cache.delete(shard);
    const made = await loading;
    made.released = true;
    await this.release(shardRoom(this.workspaceId, part, shard, this.shardCount));
  }

  private async load(
    room: string,
    onTransaction: (transaction: Y.Transaction) => void,
  ): Promise<Y.Doc> {
    await this.releasing.get(room);
    const doc = await this.source.open(room);
    this.watch(room, doc, onTransaction);
    return doc;
  }

  private watch(
    room: string,
    doc: Y.Doc,
    onTransaction: (transaction: Y.Transaction) => void,
  ): void {
    doc.on('afterTransaction', onTransaction);
    this.watched.set(room, { room, doc, onTransaction });
  }

  private release(room: string, options: ReleaseOptions = {}): Promise<void> {
    const watched = this.watched.get(room);
    if (!watched) return this.releasing.get(room) ?? Promise.resolve();
    this.watched.delete(room);
    watched.doc.off('afterTransaction', watched.onTransaction);
    const done = Promise.resolve()
      .then(() => this.source.release?.(room, watched.doc, options))
      .finally(() => this.releasing.delete(room));
    this.releasing.set(room, done);
    return done;
  }

  private setDraftMarker(shard: number, conversationId: string, marker: DraftMarker | null): void {
    // A hint for listing drafts; rewritten only when the set of editors changes.
    void this.stateShard(shard)
      .then((state) => {
        const current = state.draftMarker(conversationId);
        if (
          marker === null
            ? current === null
            : current !== null && current.editors.join() === marker.editors.join()
        )
          return;
        state.setDraftMarker(conversationId, marker);
      })
      .catch(() => undefined);
  }

  private known(): KnownIds {
    this.knownIds ??= {
      tags: new Set(this.settings.tags().map((tag) => tag.id)),
      members: new Set(this.team.members().map((member) => member.id)),
      allMembers: new Set(this.team.members({ includeRemoved: true }).map((member) => member.id)),
    };
    return this.knownIds;
  }

  private emit(change: WorkspaceChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private requireOpen(): void {
    if (this.closed) throw new WorkspaceError('closed', 'the workspace was closed');
  }
}
