import { WebSocket, type RawData } from 'ws';
import type { CallResponse, Dispatcher } from '../app/index.js';
import { CLOSE_CODES, readCall } from './wire-protocol.js';

/** The bounds of one page's connection (see DEFAULT_SOCKET_LIMITS). */
export interface SocketLimits {
  /** A larger frame closes the connection with 1009 as it is read (ws's maxPayload). */
  maxFrameBytes: number;
  /**
   * A page with more than this waiting to be sent to it is closed (TOO_SLOW): what a page that
   * stopped reading can hold is this plus one frame.
   */
  maxBufferedBytes: number;
  /** Past this many calls running, the host reads no more of the page's frames until one ends. */
  maxCallsInFlight: number;
  /** A page that has not answered the last ping when the next is due is cut off. */
  pingIntervalMs: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  // The contract takes an attachment of up to 35 MB of base64 in a call: one must fit a frame.
  maxFrameBytes: 40 * 1024 * 1024,
  // Room for the largest answer (an attachment fetched) while events keep coming behind it.
  maxBufferedBytes: 64 * 1024 * 1024,
  maxCallsInFlight: 32,
  pingIntervalMs: 30_000,
};

/** How long a closed page may take to finish the closing handshake before it is cut off. */
const CLOSE_LINGER_MS = 2000;

/**
 * One page's WebSocket: its calls run through the dispatcher and are answered with their id,
 * events are pushed to it, and it is held to its bounds.
 */
export class SocketConnection {
  alive = true;
  private inFlight = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly dispatcher: Dispatcher,
    private readonly limits: SocketLimits,
    private readonly label: string,
    private readonly log: (line: string) => void,
  ) {
    ws.on('message', (data: RawData, isBinary: boolean) => this.receive(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (error: Error) => log(`page ${label}: ${error.message}`));
  }

  /** Sends a frame, unless the page has fallen too far behind reading: then it is closed. */
  send(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const waiting = this.ws.bufferedAmount;
    if (waiting > this.limits.maxBufferedBytes) {
      this.close(
        CLOSE_CODES.TOO_SLOW,
        'too much unread: reconnect and reload',
        `${waiting} bytes were waiting for it (bound ${this.limits.maxBufferedBytes})`,
      );
      return;
    }
    this.ws.send(text);
  }

  /** Closes with a code and a reason the page sees; `why` is for the log. */
  close(code: number, reason: string, why?: string): void {
    if (this.ws.readyState === WebSocket.CLOSING || this.ws.readyState === WebSocket.CLOSED) return;
    if (why) this.log(`closing page ${this.label}: ${reason}: ${why}`);
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), CLOSE_LINGER_MS).unref();
  }

  terminate(): void {
    this.ws.terminate();
  }

  ping(): void {
    this.alive = false;
    this.ws.ping();
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.close(CLOSE_CODES.UNSUPPORTED_DATA, 'text frames only', 'it sent a binary frame');
      return;
    }
    const read = readCall(textOf(data));
    if ('refusal' in read) {
      this.send(JSON.stringify(read.refusal));
      return;
    }
    const { id, method, params } = read.call;
    // TCP carries the backpressure to the page: it cannot queue calls faster than they run.
    if (++this.inFlight === this.limits.maxCallsInFlight) this.ws.pause();
    // Each call in a turn of the event loop of its own: the page's calls come in one burst (one
    // read of the socket holds them all), and the cache's queries run synchronously, so without
    // it the first answer (the list's first page) waited for every query of the burst (the
    // counts' walk of 100,000 conversations) before it was sent.
    setImmediate(() => {
      void this.dispatcher
        .handle({ method, params })
        .then((answer) => this.send(answerText(id, method, answer, this.log)))
        .finally(() => {
          if (this.inFlight-- === this.limits.maxCallsInFlight) this.ws.resume();
        });
    });
  }
}

/** The answer's frame; an answer that is not JSON (a bug of ours) is told as internal. */
function answerText(
  id: number,
  method: string,
  answer: CallResponse,
  log: (line: string) => void,
): string {
  try {
    return JSON.stringify({ id, ...answer });
  } catch (error) {
    log(`${method}: its answer is not JSON: ${(error as Error).message}`);
    return JSON.stringify({
      id,
      ok: false,
      error: { code: 'internal', message: `internal error in ${method}` },
    });
  }
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
