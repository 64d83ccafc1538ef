import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { Principal, Role } from '../../../src/server/access/roles.js';
import type { Peer } from '../../../src/server/peer.js';

/* The hub without sockets: a peer that records what the server sends it. */

export type Sent =
  | { kind: 'step1'; stateVector: Map<number, number> }
  | { kind: 'step2' | 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array };

export class FakePeer implements Peer {
  readonly sent: Sent[] = [];
  closed: { code: number; reason: string } | undefined;

  constructor(readonly label = 'fake') {}

  send(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === 1) {
      this.sent.push({ kind: 'awareness', update: decoding.readVarUint8Array(decoder) });
      return;
    }
    const syncType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (syncType === 0)
      this.sent.push({ kind: 'step1', stateVector: Y.decodeStateVector(payload) });
    else this.sent.push({ kind: syncType === 1 ? 'step2' : 'update', update: payload });
  }

  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }

  /** Applies every step 2 and update received so far to `doc`. */
  applyTo(doc: Y.Doc): void {
    for (const message of this.sent)
      if (message.kind === 'step2' || message.kind === 'update') Y.applyUpdate(doc, message.update);
  }
}

export function principal(role: Role = 'agent', memberId = `member-${role}`): Principal {
  return { workspaceId: 'workspace0000000', memberId, role, tokenHash: new Uint8Array(32) };
}

export function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const step1Frame = (doc: Y.Doc) => syncFrame(0, Y.encodeStateVector(doc));
export const step2Frame = (update: Uint8Array) => syncFrame(1, update);
export const updateFrame = (update: Uint8Array) => syncFrame(2, update);

/** Lets queued timers and the hub's setImmediate writer run. */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
