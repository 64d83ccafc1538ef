import { UserError, type Logger, type SecretStore } from '../../src/app/index.js';
import {
  facadeClient,
  type FacadeClient,
  type FromFacade,
  type MessagePortLike,
  type ToFacade,
} from '../facade/facade-protocol.js';

/** The facade's process as main holds it: Electron's UtilityProcess (Node's fork in tests). */
export interface FacadeChild extends MessagePortLike<FromFacade, ToFacade> {
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface SupervisorOptions {
  spawn: () => FacadeChild;
  /** The start message (read again at each restart: the passwords may have changed). */
  startMessage: () => Extract<ToFacade, { type: 'start' }>;
  /** Main's password store (the keychain): where the process's `secret.*` messages go. */
  secrets: Pick<SecretStore, 'keep' | 'forget'>;
  logger: Logger;
  /** A restarted process is ready: what the windows showed is stale (main reloads them). */
  onRestarted: () => void;
  /** The process failed too often: said in one line, and main quits. */
  onGaveUp: (message: string) => void;
  /** Restarts allowed within `restartWindowMs` before giving up. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

export interface FacadeSupervisor {
  /** What serves the windows: calls and events of whichever process runs now. */
  client: FacadeClient;
  /** The first start: resolves when the app is open, rejects (a UserError, its line) when not. */
  ready: Promise<void>;
  /** Closes the app in its process (sync stopped, cache flushed) within `deadlineMs`, then ends it. */
  close(deadlineMs: number): Promise<void>;
}

/**
 * Runs the facade in a process of its own and keeps it running: main relays the contract to it
 * (facade-protocol.ts), writes its log lines, keeps the passwords it is given in the keychain,
 * and restarts it when it dies unasked (an out-of-memory, a native crash), up to `maxRestarts`
 * a minute; the windows are reloaded on the new one, whose state is the data directory's.
 */
export function superviseFacade(options: SupervisorOptions): FacadeSupervisor {
  const maxRestarts = options.maxRestarts ?? 3;
  const windowMs = options.restartWindowMs ?? 60_000;
  const client = facadeClient();
  const restarts: number[] = [];
  let child: FacadeChild | undefined;
  let closing = false;
  let closed: (() => void) | undefined;
  let settleFirst: { resolve(): void; reject(error: Error): void } | undefined;
  const ready = new Promise<void>((resolve, reject) => (settleFirst = { resolve, reject }));
  const { logger } = options;

  const onMessage = (message: FromFacade) => {
    switch (message.type) {
      case 'ready':
        if (settleFirst) settleFirst.resolve();
        else options.onRestarted();
        settleFirst = undefined;
        return;
      case 'failed':
        // Not a crash: the app cannot open (main says why and quits); no restart.
        closing = true;
        settleFirst?.reject(
          message.user ? new UserError('data-dir', message.message) : new Error(message.message),
        );
        settleFirst = undefined;
        return;
      case 'log':
        if (message.level === 'warn') logger.warn(message.message);
        else logger.error(message.message);
        return;
      case 'secret.keep':
        keepSecret(() => options.secrets.keep?.(message.accountId, message.password));
        return;
      case 'secret.forget':
        keepSecret(() => options.secrets.forget?.(message.ref));
        return;
      case 'closed':
        closed?.();
        return;
      default:
    }
  };
  const keepSecret = (write: () => unknown) => {
    try {
      write();
    } catch (error) {
      logger.error('a password could not be kept in the keychain', error);
    }
  };

  const launch = () => {
    const started = options.spawn();
    child = started;
    client.attach(started);
    started.onMessage(onMessage);
    started.onExit((code) => {
      if (child !== started) return;
      child = undefined;
      client.lost();
      if (closing) {
        closed?.();
        return;
      }
      if (settleFirst) {
        settleFirst.reject(new Error(`the app’s process ended as it started (exit code ${code})`));
        settleFirst = undefined;
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts[0]! < now - windowMs) restarts.shift();
      if (restarts.length > maxRestarts) {
        options.onGaveUp(
          `the app’s background process stopped ${restarts.length} times within a minute (see main.log)`,
        );
        return;
      }
      logger.warn(`the app’s background process stopped (exit code ${code}): restarting it`);
      launch();
    });
    started.post(options.startMessage());
  };
  launch();

  return {
    client,
    ready,
    close(deadlineMs) {
      closing = true;
      const running = child;
      if (!running) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn('the app did not close in time: its process was ended');
          running.kill();
          resolve();
        }, deadlineMs);
        closed = () => {
          clearTimeout(timer);
          resolve();
        };
        running.post({ type: 'close' });
      });
    },
  };
}
