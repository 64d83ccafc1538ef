import type {
  AppEvent,
  MethodInput,
  MethodName,
  MethodOutput,
  WireError,
} from '../../src/app/index.js';
import { Listeners } from './listeners.js';
import { DEFAULT_BACKOFF, reconnectDelay, type Backoff } from './reconnect-delay.js';
import { readHostFrame, WIRE_PROTOCOL } from './wire.js';

/**
 * The page's link to its host: `connecting` until it first opens, then `online`, or `offline`
 * while it is lost (and tried again, with backoff, until `close`). Not the team server's state:
 * that is the contract's `connection.changed` event.
 */
export type LinkState = 'connecting' | 'online' | 'offline';

/** A call refused (the contract's error, with the field at fault), or that could not be made. */
export class HostCallError extends Error {
  override name = 'HostCallError';
  /**
   * The app's code; `unreachable`: the host could not be reached, or was lost while the call
   * ran (it may or may not have been done); `closed`: the link was closed.
   */
  readonly code: WireError['code'];
  readonly field: string | undefined;

  constructor(error: WireError) {
    super(error.message);
    this.code = error.code;
    this.field = error.field;
  }
}

export interface HostConnection {
  /** Calls the app, as the contract types it. */
  call<M extends MethodName>(method: M, params?: MethodInput<M>): Promise<MethodOutput<M>>;
  /**
   * The app's events. Those of a time offline are not replayed: when the link is `online` again,
   * reload what is shown.
   */
  onEvent(listener: (event: AppEvent) => void): () => void;
  readonly state: LinkState;
  onState(listener: (state: LinkState) => void): () => void;
  /** Closes the link for good; calls still waiting fail with `closed`. */
  close(): void;
}

export interface ConnectOptions {
  /** The WebSocket class: the browser's unless given (a test in Node passes ws's). */
  WebSocket?: typeof WebSocket;
  backoff?: Partial<Backoff>;
}

interface PendingCall {
  resolve(result: unknown): void;
  reject(error: HostCallError): void;
}

/**
 * Opens the link to the host's WebSocket (`socketUrlOf(location)`): the cookie that the key was
 * traded for goes with it, as the browser sends it. A call made before the link first opens waits
 * for it; one made while `offline` fails at once (the page shows it is offline).
 */
export function connectHost(url: string, options: ConnectOptions = {}): HostConnection {
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const events = new Listeners<AppEvent>();
  const states = new Listeners<LinkState>();
  /** Calls sent on the open socket, by id. */
  const sent = new Map<number, PendingCall>();
  /** Calls made before the first open, as frames to send. */
  const waiting: Array<{ id: number; text: string; call: PendingCall }> = [];
  let state: LinkState = 'connecting';
  let socket: WebSocket | undefined;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let nextId = 1;

  const setState = (next: LinkState) => {
    if (next === state) return;
    state = next;
    states.emit(next);
  };

  const failAll = (calls: Iterable<PendingCall>, error: WireError) => {
    for (const call of calls) call.reject(new HostCallError(error));
  };

  function open(): void {
    const ws = new Socket(url, [WIRE_PROTOCOL]);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      for (const { id, text, call } of waiting.splice(0)) {
        sent.set(id, call);
        ws.send(text);
      }
      setState('online');
    };
    ws.onmessage = (message: MessageEvent) => {
      const frame = readHostFrame(message.data);
      if (!frame) return;
      if ('event' in frame) {
        events.emit(frame.event);
        return;
      }
      const call = frame.id === null ? undefined : sent.get(frame.id);
      if (!call || frame.id === null) return;
      sent.delete(frame.id);
      if (frame.ok) call.resolve(frame.result);
      else call.reject(new HostCallError(frame.error));
    };
    // A failed attempt closes too, after its error: one place (onclose) decides what follows.
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket === ws) socket = undefined;
      const lost = [...sent.values()];
      sent.clear();
      failAll(lost, {
        code: 'unreachable',
        message:
          'the connection to Switchboard was lost during the call: it may or may not have been done',
      });
      if (!opened)
        failAll(
          waiting.splice(0).map(({ call }) => call),
          unreachable,
        );
      if (closed) return;
      setState('offline');
      retry = setTimeout(open, reconnectDelay(attempt++, backoff));
    };
  }

  open();
  return {
    call<M extends MethodName>(method: M, params?: MethodInput<M>): Promise<MethodOutput<M>> {
      return new Promise<MethodOutput<M>>((resolve, reject) => {
        if (closed) throw new HostCallError(closedLink);
        if (state === 'offline') throw new HostCallError(unreachable);
        const id = nextId++;
        const text = JSON.stringify({ id, method, ...(params === undefined ? {} : { params }) });
        const call: PendingCall = {
          resolve: (result) => resolve(result as MethodOutput<M>),
          reject,
        };
        if (socket?.readyState === Socket.OPEN) {
          sent.set(id, call);
          socket.send(text);
        } else waiting.push({ id, text, call });
      });
    },
    onEvent: (listener) => events.add(listener),
    get state() {
      return state;
    },
    onState: (listener) => states.add(listener),
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(retry);
      socket?.close(1000);
      failAll([...sent.values(), ...waiting.splice(0).map(({ call }) => call)], closedLink);
      sent.clear();
    },
  };
}

const unreachable: WireError = {
  code: 'unreachable',
  message: 'Switchboard cannot be reached: is `switchboard serve` still running?',
};

const closedLink: WireError = { code: 'closed', message: 'the link to Switchboard was closed' };
