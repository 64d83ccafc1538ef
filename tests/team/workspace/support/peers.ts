import * as Y from 'yjs';
import { conversationIdFor } from '../../../../src/threading/conversation-id.js';
import {
  isWorkspaceError,
  MemoryDocSource,
  Workspace,
  type WorkspaceErrorCode,
} from '../../../../src/team/workspace/index.js';

export const WORKSPACE_ID = 'ws-test-0123456789';
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

export const conversation = (n: number): string =>
  conversationIdFor('support@example.com', `<thread-${n}@example.com>`);

/** A clock the test moves: every call is one second later, so activity is ordered. */
export function ticking(start = T0): () => number {
  let t = start;
  return () => (t += 1000);
}

/**
 * A teammate's machine: its own documents (a memory replica) and its workspace over them. Peers
 * exchange updates only through `syncAll` or an Outbox, as the sync server would relay them.
 */
export class Peer {
  readonly source = new MemoryDocSource();
  ws!: Workspace;

  constructor(
    readonly actor: string,
    readonly now: () => number = ticking(),
  ) {}

  async open(): Promise<Workspace> {
    this.ws = await Workspace.open(this.source, {
      workspaceId: WORKSPACE_ID,
      actor: this.actor,
      now: this.now,
    });
    return this.ws;
  }
}

/** Brings every room of every source up to date with every other (full mesh, any order). */
export function syncAll(...sources: MemoryDocSource[]): void {
  const rooms = new Set(sources.flatMap((s) => [...s.docs.keys()]));
  for (const room of rooms) {
    for (const from of sources) {
      const a = from.docs.get(room);
      if (!a) continue;
      for (const to of sources) {
        if (to === from) continue;
        const b = to.open(room);
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
      }
    }
  }
}

/**
 * Updates of one source captured one step at a time (`capture` after each change), delivered
 * later, in any order, to other sources: the sync server delaying and reordering messages.
 */
export class Outbox {
  private readonly vectors = new Map<string, Uint8Array>();
  readonly updates: Array<{ room: string; update: Uint8Array }> = [];

  constructor(private readonly from: MemoryDocSource) {
    this.capture();
    this.updates.length = 0;
  }

  capture(): void {
    for (const [room, doc] of this.from.docs) {
      const update = Y.encodeStateAsUpdate(doc, this.vectors.get(room));
      this.vectors.set(room, Y.encodeStateVector(doc));
      if (update.length > 2) this.updates.push({ room, update });
    }
  }

  deliver(
    to: MemoryDocSource,
    order: 'in-order' | 'reversed' | 'shuffled' = 'in-order',
    seed = 1,
  ): void {
    const updates = [...this.updates];
    if (order === 'reversed') updates.reverse();
    if (order === 'shuffled') {
      let s = seed;
      const random = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
      for (let i = updates.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [updates[i], updates[j]] = [
          updates[j] as (typeof updates)[number],
          updates[i] as (typeof updates)[number],
        ];
      }
    }
    for (const { room, update } of updates) Y.applyUpdate(to.open(room), update, 'remote');
  }
}

/**
 * A workspace of four: an admin, two agents (alice, bob), a viewer (vic); tags urgent and
 * billing. Returns the admin's peer and the other peers, all synced and open.
 */
export async function team(): Promise<{
  admin: Peer;
  alice: Peer;
  bob: Peer;
  vic: Peer;
  all: Peer[];
}> {
  const admin = new Peer('admin');
  admin.ws = await Workspace.create(admin.source, {
    workspaceId: WORKSPACE_ID,
    actor: 'admin',
    admin: { name: 'Ada Admin', email: 'ada@example.com' },
    now: admin.now,
  });
  admin.ws.team.addMember({
    id: 'alice',
    name: 'Alice',
    email: 'alice@example.com',
    role: 'agent',
  });
  admin.ws.team.addMember({ id: 'bob', name: 'Bob', email: 'bob@example.com', role: 'agent' });
  admin.ws.team.addMember({ id: 'vic', name: 'Vic', email: 'vic@example.com', role: 'viewer' });
  admin.ws.settings.defineTag({ name: 'Urgent', color: '#ff0000' });
  admin.ws.settings.defineTag({ name: 'Billing', color: '#00aa00' });
  const alice = new Peer('alice');
  const bob = new Peer('bob');
  const vic = new Peer('vic');
  syncAll(admin.source, alice.source, bob.source, vic.source);
  await Promise.all([alice.open(), bob.open(), vic.open()]);
  return { admin, alice, bob, vic, all: [admin, alice, bob, vic] };
}

export const sources = (...peers: Peer[]): MemoryDocSource[] => peers.map((p) => p.source);

/** The code of the WorkspaceError `f` throws (undefined if it throws none; other errors pass). */
export function errorCode(f: () => unknown): WorkspaceErrorCode | undefined {
  try {
    f();
  } catch (error) {
    if (isWorkspaceError(error)) return error.code;
    throw error;
  }
  return undefined;
}
