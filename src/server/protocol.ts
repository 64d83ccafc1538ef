import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CLOSE_CODES, type CloseCode } from './close-codes.js';

/*
 * The y-websocket wire format (https://github.com/yjs/y-protocols, PROTOCOL.md): every binary
 * frame is one message, a varuint type followed by its payload.
 *   sync (0):            varuint sync type, then a varuint-length byte array:
 *                        step 1 (0) a state vector, step 2 (1) / update (2) a Yjs update (v1)
 *   awareness (1):       a varuint-length awareness update
 *   query awareness (3): nothing; the answer is every awareness state of the room
 * Type 2 (auth) is sent by servers only. Anything else a client sends is a protocol error.
 */

export const MESSAGE_TYPES = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SYNC_TYPES = { step1: 0, step2: 1, update: 2 } as const;

export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2'; update: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array; states: AwarenessEntry[] }
  | { kind: 'query-awareness' };

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** null: the client left. */
  state: unknown;
  /** The state's size in the update (its JSON in UTF-8, with its length prefix). */
  bytes: number;
}

/** A message the server refuses; the connection is closed with `code`. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message);
  }
}

const malformed = (reason: string) => new ProtocolError(CLOSE_CODES.MALFORMED_MESSAGE, reason);

/**
 * Decodes one client frame completely, before anything acts on it: a message that only half
 * decodes (a truncated varint, a length past the end) must change nothing. Yjs updates are fully
 * decoded too (`Y.decodeUpdate`), so a corrupt one is refused before it reaches storage.
 */
export function parseClientMessage(frame: Uint8Array): ClientMessage {
  // Payloads are read as views of the frame's ArrayBuffer, and a small Node Buffer is a slice of
  // a shared pool: with a copy of its own, a queued update pins only its frame, and no length
  // can reach past the frame into a neighbour's bytes.
  const decoder = decoding.createDecoder(new Uint8Array(frame));
  const message = readMessage(decoder);
  if (decoding.hasContent(decoder)) throw malformed('trailing bytes after the message');
  return message;
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
  if (!decoding.hasContent(decoder)) throw malformed('empty frame');
  const type = read(() => decoding.readVarUint(decoder), 'message type');
  switch (type) {
    case MESSAGE_TYPES.sync: {
      const syncType = read(() => decoding.readVarUint(decoder), 'sync message type');
      const payload = read(() => decoding.readVarUint8Array(decoder), 'sync payload');
      if (syncType === SYNC_TYPES.step1) {
        read(() => Y.decodeStateVector(payload), 'state vector');
        return { kind: 'sync-step1', stateVector: payload };
      }
      if (syncType === SYNC_TYPES.step2 || syncType === SYNC_TYPES.update) {
        assertValidUpdate(payload);
        return {
          kind: syncType === SYNC_TYPES.step2 ? 'sync-step2' : 'sync-update',
          update: payload,
        };
      }
      throw malformed(`unknown sync message type ${syncType}`);
    }
    case MESSAGE_TYPES.awareness: {
      const update = read(() => decoding.readVarUint8Array(decoder), 'awareness payload');
      return { kind: 'awareness', update, states: parseAwarenessUpdate(update) };
    }
    case MESSAGE_TYPES.queryAwareness:
      return { kind: 'query-awareness' };
    default:
      throw malformed(`unknown message type ${type}`);
  }
}

/** Throws INVALID_UPDATE unless Yjs can decode every struct and the delete set of `update`. */
export function assertValidUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch (error) {
    throw new ProtocolError(CLOSE_CODES.INVALID_UPDATE, `invalid Yjs update: ${describe(error)}`);
  }
}

/**
 * y-protocols' `applyAwarenessUpdate` parses as it applies, so a bad entry in the middle would
 * leave the entries before it applied: parse the whole update first.
 */
function parseAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  const count = read(() => decoding.readVarUint(decoder), 'awareness entry count');
  for (let index = 0; index < count; index += 1) {
    const clientId = read(() => decoding.readVarUint(decoder), 'awareness client id');
    const clock = read(() => decoding.readVarUint(decoder), 'awareness clock');
    const start = decoder.pos;
    const json = read(() => decoding.readVarString(decoder), 'awareness state');
    const bytes = decoder.pos - start;
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      throw malformed('awareness state is not JSON');
    }
    entries.push({ clientId, clock, state, bytes });
  }
  if (decoding.hasContent(decoder)) throw malformed('trailing bytes in the awareness update');
  return entries;
}

/** An awareness update of these entries (the inverse of parseAwarenessUpdate). */
export function encodeAwarenessEntries(
  entries: ReadonlyArray<Omit<AwarenessEntry, 'bytes'>>,
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

function read<T>(fn: () => T, what: string): T {
  try {
    return fn();
  } catch (error) {
    throw malformed(`cannot read the ${what}: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Server → client messages.

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_TYPES.sync);
  encoding.writeVarUint(encoder, SYNC_TYPES.step1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  return encoding.toUint8Array(encoder);
}

/** What `doc` holds beyond `stateVector` (everything when it is empty). */
export function syncStep2Message(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_TYPES.sync);
  encoding.writeVarUint(encoder, SYNC_TYPES.step2);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc, stateVector));
  return encoding.toUint8Array(encoder);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_TYPES.sync);
  encoding.writeVarUint(encoder, SYNC_TYPES.update);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_TYPES.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * An awareness update with no entries: a valid message that changes nothing, which a client
 * counts as heard from the server (SyncHub's keepalive).
 */
export const keepaliveMessage: Uint8Array = awarenessMessage(encodeAwarenessEntries([]));
