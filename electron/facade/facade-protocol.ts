import type { AppEvent, CallResponse, Dispatcher } from '../../src/app/index.js';

/*
 * The desktop app runs its facade in a process of its own (Electron's utilityProcess), not in
 * main: main's JavaScript runs on the browser's UI thread, and a first sync held that thread for
 * 240 to 360 ms at a time (`npm run bench:shell`), a window frozen to input. Main keeps only the
 * windows and relays the contract: the window's calls go to the facade's process and come back,
 * its events are forwarded. This file is that relay's two ends, over any message port (Electron's
 * parentPort and utility process in the app, Node's child-process IPC in tests and the bench).
 */

/** What a password kept in the keychain is stored as in an account (`accounts.password_ref`). */
export const KEYCHAIN_PREFIX = 'keychain:';
/** A password kept for this run only, where there is no keychain. */
export const SESSION_PREFIX = 'session:';

/** The password store's state as main's keychain holds it, for the facade's process to use. */
export interface SecretsSnapshot {
  /** Whether a password kept now is kept encrypted (false: for this session only). */
  encrypting: boolean;
  /** The kept passwords, decrypted, by their reference (`keychain:…`, `session:…`). */
  passwords: Record<string, string>;
  /** Set when the passwords file is damaged: a new password cannot be kept, and this says why. */
  damaged: string | null;
}

/** Main → the facade's process. */
export type ToFacade =
  | { type: 'start'; dataDir: string; secrets: SecretsSnapshot }
  | { type: 'call'; id: number; request: unknown }
  /** Close the app (sync stopped, cache flushed), answer `closed`, then exit. */
  | { type: 'close' };

/** The facade's process → main. */
export type FromFacade =
  | { type: 'ready' }
  /** The app could not open: `user` when it is the user's matter (said in its one line). */
  | { type: 'failed'; message: string; user: boolean }
  | { type: 'answer'; id: number; response: CallResponse }
  | { type: 'event'; event: AppEvent }
  | { type: 'log'; level: 'warn' | 'error'; message: string }
  /** A password to keep (or forget) in the keychain, which only main can reach. */
  | { type: 'secret.keep'; accountId: string; password: string }
  | { type: 'secret.forget'; ref: string }
  | { type: 'closed' };

/** One end of a message channel, as both processes see theirs. */
export interface MessagePortLike<In, Out> {
  post(message: Out): void;
  /** Returns the unsubscribe. */
  onMessage(listener: (message: In) => void): () => void;
}

/**
 * The facade's process side: answers main's calls with `dispatcher` and forwards its events.
 * Returns the unsubscribe.
 */
export function serveFacade(
  port: MessagePortLike<ToFacade, FromFacade>,
  dispatcher: Dispatcher,
): () => void {
  const unsubscribe = dispatcher.subscribe((event) => port.post({ type: 'event', event }));
  const stopListening = port.onMessage((message) => {
    if (message.type !== 'call') return;
    void dispatcher
      .handle(message.request)
      .then((response) => port.post({ type: 'answer', id: message.id, response }));
  });
  return () => {
    unsubscribe();
    stopListening();
  };
}

/** A dispatcher that runs in another process: what main hands the windows' IPC. */
export interface FacadeClient extends Dispatcher {
  /** The facade's process (a new one after a restart): calls go to it from now on. */
  attach(port: MessagePortLike<FromFacade, ToFacade>): void;
  /** The process is gone: every call waiting, and every one until the next attach, is unreachable. */
  lost(): void;
}

const UNREACHABLE: CallResponse = {
  ok: false,
  error: {
    code: 'unreachable',
    message: 'the app’s background process is not running (it restarts by itself)',
  },
};

/**
 * Main's side, for the life of main: a Dispatcher whose calls go to the facade's process
 * attached now, answered in any order (each by its id), and whose events are that process's.
 * The windows keep the same one across a restart of the process. Never throws, as a dispatcher.
 */
export function facadeClient(): FacadeClient {
  let nextId = 1;
  let port: MessagePortLike<FromFacade, ToFacade> | null = null;
  let stopListening = () => {};
  const waiting = new Map<number, (response: CallResponse) => void>();
  const listeners = new Set<(event: AppEvent) => void>();
  const lost = () => {
    stopListening();
    port = null;
    for (const answer of waiting.values()) answer(UNREACHABLE);
    waiting.clear();
  };
  return {
    handle(request) {
      if (!port) return Promise.resolve(UNREACHABLE);
      const id = nextId++;
      const to = port;
      return new Promise<CallResponse>((resolve) => {
        waiting.set(id, resolve);
        to.post({ type: 'call', id, request });
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach(next) {
      lost();
      port = next;
      stopListening = next.onMessage((message) => {
        if (message.type === 'answer') {
          waiting.get(message.id)?.(message.response);
          waiting.delete(message.id);
        } else if (message.type === 'event')
          for (const listener of [...listeners]) listener(message.event);
      });
    },
    lost,
  };
}
