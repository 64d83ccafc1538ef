import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { MESSAGE, SYNC, type Framing } from './framing.js';

/*
 * A load-generating y-websocket client, hundreds per process. A full provider would apply every
 * received update to its Y.Doc: at 100 clients × 10 updates/s that is ~100,000 applies per
 * second, and the client process, not the server, would set the latencies. This one speaks the
 * protocol (sync step 1 on open, step 2 when asked, awareness) and sends real Yjs updates of its
 * own Y.Doc, but reads received updates only for the markers the senders wrote into them.
 *
 * The marker, `~b<client>:<sequence>:<sent at, µs of performance.now()>;`, is the string value a
 * client sets in its Y.Map entry: Yjs writes strings as UTF-8 bytes (ContentAny), so it shows up
 * verbatim in every update that carries it, whether a server forwards updates one by one or
 * merges several (Y.mergeUpdates keeps contents whole). All clients share one process, hence one
 * clock.
 */

const MARK = Buffer.from('~b', 'latin1');
const DIGIT_0 = 0x30;

/** Called for every marker a client receives (its own echoes included). */
export type MarkerSink = (
  receiver: number,
  sender: number,
  seq: number,
  sentUs: number,
  nowUs: number,
) => void;

export const nowUs = (): number => Math.round(performance.now() * 1000);

/** The Y.Map entry client `index` writes (the status of "its" conversation). */
export const entryKey = (index: number): string => `agent-${index}`;

export interface LeanClientOptions {
  index: number;
  framing: Framing;
  room: string;
  onMarker: MarkerSink;
  /** An unexpected close (not asked for by `close()`): a server refusing or dropping the client. */
  onLost?: (client: LeanClient, code: number, reason: string) => void;
}

export class LeanClient {
  readonly index: number;
  /** Frames received (every kind), for messages/s. */
  frames = 0;
  awarenessFrames = 0;
  private readonly framing: Framing;
  private readonly room: string;
  private readonly prefix: number;
  private readonly onMarker: MarkerSink;
  private readonly doc = new Y.Doc();
  private readonly entries = this.doc.getMap<string>('conversation-status');
  private readonly key: string;
  private lastUpdate: Uint8Array | undefined;
  private awarenessClock = 0;
  private ws: WebSocket | undefined;
  private closing = false;
  private synced: (() => void) | undefined;
  /** A full replica of the room, kept only while verifying (see `startMirror`). */
  private mirror: Y.Doc | undefined;

  constructor(private readonly options: LeanClientOptions) {
    this.index = options.index;
    this.framing = options.framing;
    this.room = options.room;
    this.prefix = options.framing.prefixLength(options.room);
    this.onMarker = options.onMarker;
    this.key = entryKey(options.index);
    // Yjs emits the update of a local transaction synchronously, at its end.
    this.doc.on('update', (update: Uint8Array) => (this.lastUpdate = update));
  }

  /** Resolves once the server answered our sync step 1 (its step 2 arrived). */
  connect(timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`client ${this.index}: not synced after ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.synced = undefined;
        this.ws?.terminate();
        reject(error);
      };
      this.synced = () => {
        clearTimeout(timer);
        this.synced = undefined;
        resolve();
      };
      // No compression offer: none of the three servers enables it, so it is never negotiated.
      const ws = new WebSocket(this.framing.url(this.room), { perMessageDeflate: false });
      this.ws = ws;
      ws.on('open', () => {
        for (const frame of this.framing.hello(this.room)) ws.send(frame);
        ws.send(
          this.framing.wrap(this.room, syncMessage(SYNC.step1, Y.encodeStateVector(this.doc))),
        );
      });
      ws.on('message', (data: Buffer) => this.receive(data));
      ws.on('unexpected-response', (_request, response) =>
        fail(new Error(`client ${this.index}: upgrade refused with HTTP ${response.statusCode}`)),
      );
      ws.on('error', (error) => {
        if (this.synced) fail(error);
      });
      ws.on('close', (code, reason) => {
        if (this.synced)
          fail(
            new Error(`client ${this.index}: closed ${code} ${reason.toString()} before syncing`),
          );
        else if (!this.closing) this.options.onLost?.(this, code, reason.toString());
      });
    });
  }

  /** One real Yjs update (this agent sets its conversation's status), sent as a sync update. */
  sendUpdate(seq: number): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    this.entries.set(this.key, `~b${this.index}:${seq}:${nowUs()};`);
    const update = this.lastUpdate;
    if (!update) return;
    ws.send(this.framing.wrap(this.room, syncMessage(SYNC.update, update)));
  }

  /**
   * Our presence, as the y-websocket client sends it (y-protocols awareness update: count,
   * client id, clock, JSON state), with a clock that grows so the server takes it as a renewal.
   */
  sendAwareness(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    this.awarenessClock += 1;
    const state = JSON.stringify({
      user: { name: `Agent ${this.index}`, color: '#30bced', colorLight: '#30bced33' },
      viewing: { conversation: `c-${this.index % 50}`, composing: this.awarenessClock % 3 === 0 },
    });
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, this.doc.clientID);
    encoding.writeVarUint(update, this.awarenessClock);
    encoding.writeVarString(update, state);
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, MESSAGE.awareness);
    encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
    ws.send(this.framing.wrap(this.room, encoding.toUint8Array(message)));
  }

  /**
   * From now on, applies everything the server sends to a real Y.Doc, as a stock provider would:
   * the check that the servers' frames, as this client reads them, are valid Yjs updates
   * carrying every other client's change. Too slow for the measured load, so only for probes.
   */
  startMirror(): void {
    this.mirror = new Y.Doc();
  }

  /** The replica's view of every client's last value, and stops mirroring. */
  stopMirror(): Map<string, string> {
    const mirror = this.mirror;
    this.mirror = undefined;
    if (!mirror) return new Map();
    const values = new Map(mirror.getMap<string>('conversation-status').entries());
    mirror.destroy();
    return values;
  }

  close(): Promise<void> {
    this.closing = true;
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => ws.terminate(), 1000);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.close(1000);
    });
  }

  private receive(data: Buffer): void {
    // The receive time first: parsing is part of the client's cost, not of the latency.
    const now = nowUs();
    this.frames += 1;
    const at = this.prefix;
    const type = data[at];
    if (type === MESSAGE.sync || type === MESSAGE.syncReply) {
      const syncType = data[at + 1];
      if (this.mirror && (syncType === SYNC.update || syncType === SYNC.step2)) {
        Y.applyUpdate(
          this.mirror,
          decoding.readVarUint8Array(decoding.createDecoder(data.subarray(at + 2))),
        );
      }
      if (syncType === SYNC.update) this.scan(data, at + 2, now);
      else if (syncType === SYNC.step2) this.synced?.();
      else if (syncType === SYNC.step1) this.answerStep1(data.subarray(at + 2));
    } else if (type === MESSAGE.awareness) {
      this.awarenessFrames += 1;
    } else if (type === MESSAGE.auth && this.prefix > 0 && data[at + 1] === 1) {
      // Hocuspocus' PermissionDenied: the run cannot go on.
      this.ws?.close(1000);
    }
  }

  /** The server's step 1 asks for what we have that it lacks: our step 2. */
  private answerStep1(payload: Uint8Array): void {
    const stateVector = decoding.readVarUint8Array(decoding.createDecoder(payload));
    this.ws?.send(
      this.framing.wrap(
        this.room,
        syncMessage(SYNC.step2, Y.encodeStateAsUpdate(this.doc, stateVector)),
      ),
    );
  }

  private scan(data: Buffer, from: number, now: number): void {
    let at = data.indexOf(MARK, from);
    while (at !== -1) {
      let cursor = at + MARK.length;
      let sender = 0;
      let seq = 0;
      let sent = 0;
      let byte = data[cursor]!;
      for (; byte >= DIGIT_0 && byte <= DIGIT_0 + 9; byte = data[++cursor]!)
        sender = sender * 10 + byte - DIGIT_0;
      byte = data[++cursor]!;
      for (; byte >= DIGIT_0 && byte <= DIGIT_0 + 9; byte = data[++cursor]!)
        seq = seq * 10 + byte - DIGIT_0;
      byte = data[++cursor]!;
      for (; byte >= DIGIT_0 && byte <= DIGIT_0 + 9; byte = data[++cursor]!)
        sent = sent * 10 + byte - DIGIT_0;
      if (byte === 0x3b) this.onMarker(this.index, sender, seq, sent, now);
      at = data.indexOf(MARK, cursor);
    }
  }
}

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
