import type * as Y from 'yjs';
import type { DocSource, ReleaseOptions } from '../workspace/index.js';
import type { Db } from '../../db/open-database.js';
import type { SyncServer } from '../../server/start-sync-server.js';
import { embeddedServer, soloConfig, type SoloMember } from './embedded-server.js';
import { ReplicaStore } from './replica-store.js';
import { RoomLink } from './room-link.js';
import { readTeamConfig, type TeamConfig } from './team-config.js';
import type { UserError } from '../../errors.js';

/** How long releasing a room to forget waits for the server to confirm what was made here. */
const FORGET_WAIT_MS = 2_000;

export interface TeamSessionOptions {
  /** Who this user is when a solo workspace has to be created (embedded mode). */
  me: SoloMember;
  /** Whether to connect at all: false works on the local replica only. */
  online?: boolean;
  maxBackoffMs?: number;
  /** The workspace to work in, rather than the data directory's (a join, before it is stored). */
  config?: TeamConfig;
}

/**
 * The team layer of one app instance (or one CLI command): the local replica of the workspace's
 * documents, each kept in sync with the team's server, or with the embedded one in solo use.
 * Documents open from the replica at once, whether or not the server is reachable; changes made
 * offline go out when the connection comes back.
 */
export class TeamSession implements DocSource {
  readonly store: ReplicaStore;
  private readonly links = new Map<string, RoomLink>();
  private readonly refusalListeners = new Set<(refusal: UserError) => void>();

  private constructor(
    db: Db,
    readonly config: TeamConfig,
    private readonly serverUrl: string | undefined,
    private readonly embedded: SyncServer | undefined,
    private readonly options: TeamSessionOptions,
  ) {
    this.store = new ReplicaStore(db);
  }

  static async open(db: Db, dataDir: string, options: TeamSessionOptions): Promise<TeamSession> {
    const config =
      options.config ?? readTeamConfig(db, dataDir) ?? soloConfig(db, dataDir, options.me);
    if (options.online === false) return new TeamSession(db, config, undefined, undefined, options);
    if (config.serverUrl) return new TeamSession(db, config, config.serverUrl, undefined, options);
    const { url, server } = await embeddedServer(dataDir);
    return new TeamSession(db, config, url, server, options);
  }

  get workspaceId(): string {
    return this.config.workspaceId;
  }

  /** Whether this session talks to a server of its own process (solo use). */
  get solo(): boolean {
    return this.config.serverUrl === null;
  }

  /** The room's document: from the replica now, kept in sync from then on. */
  doc(room: string): Y.Doc {
    const doc = this.store.open(room);
    if (this.serverUrl && !this.links.has(room)) {
      const link = new RoomLink({ url: this.serverUrl, token: this.config.token }, room, doc, {
        ...(this.options.maxBackoffMs === undefined
          ? {}
          : { maxBackoffMs: this.options.maxBackoffMs }),
        pending: {
          snapshot: () => this.store.pendingRows(room),
          confirm: (rows) => this.store.confirm(room, rows),
        },
        onRefused: (refusal) => {
          for (const listener of this.refusalListeners) listener(refusal);
        },
      });
      this.store.remoteOrigin(link.provider);
      this.links.set(room, link);
    }
    return doc;
  }

  /** DocSource: the workspace model gets its documents here. */
  open(room: string): Y.Doc {
    return this.doc(room);
  }

  /**
   * DocSource: the model is done with the room: stop syncing it (what it wrote is stored). A room
   * to forget (a draft sent or discarded) first gets a moment to hand the server what was made
   * here, then its local copy goes, unless some of it is still unconfirmed (offline): that stays
   * until TeamSync hands it over and forgets it then.
   */
  async release(room: string, _doc?: Y.Doc, options: ReleaseOptions = {}): Promise<void> {
    const link = this.links.get(room);
    if (options.forget && link?.status === 'connected')
      await link.confirmed(FORGET_WAIT_MS).catch(() => false);
    // Opened again meanwhile (a teammate's edit arrived, the draft reopened): keep it.
    if (this.links.get(room) !== link) return;
    link?.destroy();
    this.links.delete(room);
    this.store.close(room);
    if (options.forget) this.store.forget(room);
  }

  link(room: string): RoomLink | undefined {
    return this.links.get(room);
  }

  /** Picks up what other processes of this data directory stored (see ReplicaStore.refresh). */
  refresh(): void {
    for (const room of this.links.keys()) this.store.refresh(room);
  }

  /** Calls back when a document's connection meets the server's refusal of this app's token. */
  onRefused(listener: (refusal: UserError) => void): () => void {
    this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  /** The server's refusal of this app's token, if a document's connection met it. */
  get refusal(): UserError | undefined {
    for (const link of this.links.values()) if (link.refusal) return link.refusal;
    return undefined;
  }

  /** How many stored updates made here the server has not confirmed (all rooms, open or not). */
  unconfirmed(): number {
    return this.store.countPending(this.workspaceId);
  }

  /** Waits until every open document had its first exchange with the server. */
  async synced(timeoutMs: number): Promise<void> {
    await Promise.all([...this.links.values()].map((link) => link.whenSynced(timeoutMs)));
  }

  /**
   * Waits until the server holds every update of the open documents. False if it cannot tell in
   * time (offline): the updates are stored here and go out with the next connection.
   */
  async confirmed(timeoutMs: number): Promise<boolean> {
    if (!this.serverUrl) return false;
    // All rooms asked at once: each question is a round trip to the server.
    const answers = await Promise.all(
      [...this.links.values()].map((link) => link.confirmed(timeoutMs)),
    );
    return answers.every(Boolean);
  }

  async close(): Promise<void> {
    for (const link of this.links.values()) link.destroy();
    this.links.clear();
    this.store.closeAll();
    await this.embedded?.close();
  }
}
