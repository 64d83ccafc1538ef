import type { SecretSource } from '../accounts/secrets.js';
import type { TeamSyncPacing } from '../team/client/team-sync.js';

/*
 * What the application takes from the platform it runs on, passed in by each front end's edge
 * (the CLI's main.ts, Electron's main process, the browser host): nothing in the core reads the
 * environment, the clock or a keychain on its own.
 */

/**
 * Where mail passwords live. The core only resolves references (`env:VAR`, `keychain:…`); the
 * platform decides which kinds it keeps.
 */
export interface SecretStore extends SecretSource {
  /**
   * Keeps a password typed into the app (the system keychain) and returns the reference to store
   * with the account. Absent: this platform keeps no passwords (the CLI passes a variable's name).
   */
  keep?(accountId: string, password: string): string;
  /** Forgets what `keep` kept (the account is removed, or given another password). */
  forget?(ref: string): void;
  /**
   * Whether a password may be the name of an environment variable read at each run. Only where
   * the caller owns that environment (the CLI): a renderer naming a variable of the app's process
   * would send its value to a server of its choosing.
   */
  readsEnvironment: boolean;
}

export interface Clock {
  now(): number;
}

export interface Logger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** How long the application waits for the team server, and how a running sync paces itself. */
export interface AppSettings {
  /** A triage call waits this long for the team server before calling its change queued. */
  teamConfirmMs: number;
  /** `sync` waits this long for the team server before going on without it. */
  teamSyncMs: number;
  teamPacing: Partial<TeamSyncPacing>;
  /** How long a queued message waits before it goes: the time to undo a send. */
  undoSendMs: number;
  /**
   * A send asked to go at once while a sync runs (which then sends it) waits this long for the
   * outcome before answering with the message still queued.
   */
  sendNowWaitMs: number;
  /**
   * Who this user is, should a solo workspace be made for them. Unset: the first account's name
   * and address, else "Me" <me@localhost>.
   */
  user?: { name: string; email: string };
}

export const DEFAULT_APP_SETTINGS: AppSettings = {
  teamConfirmMs: 5000,
  teamSyncMs: 10_000,
  teamPacing: {},
  undoSendMs: 10_000,
  sendNowWaitMs: 60_000,
};

export const systemClock: Clock = { now: () => Date.now() };

/** The default logger writes nothing: a front end that wants logs passes its own. */
export const silentLogger: Logger = { warn: () => undefined, error: () => undefined };
