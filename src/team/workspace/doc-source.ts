import * as Y from 'yjs';

/**
 * Where the workspace gets its documents: the client's replica (stored updates in SQLite, kept
 * in sync with the server; src/team/client), or memory in tests and benchmarks. `open` returns
 * the room's document with what is stored locally already applied; updates that arrive later
 * are applied to it as they come. The workspace opens a room at most once until it releases it.
 */
export interface DocSource {
  open(room: string): Y.Doc | Promise<Y.Doc>;
  /** The workspace is done with the room's document (stop syncing it, free it). */
  release?(room: string, doc: Y.Doc, options?: ReleaseOptions): void | Promise<void>;
}

export interface ReleaseOptions {
  /**
   * The document holds nothing any more (a draft sent or discarded): its local copy may go once
   * the server holds everything made here, and is fetched afresh if it is ever opened again.
   */
  forget?: boolean;
}

/** Documents in memory, kept when released (tests, benchmarks, a CLI without a replica). */
export class MemoryDocSource implements DocSource {
  readonly docs = new Map<string, Y.Doc>();
  readonly opened: string[] = [];

  open(room: string): Y.Doc {
    this.opened.push(room);
    let doc = this.docs.get(room);
    if (!doc) this.docs.set(room, (doc = new Y.Doc()));
    return doc;
  }

  release(_room?: string, _doc?: Y.Doc, _options?: ReleaseOptions): void {}
}
