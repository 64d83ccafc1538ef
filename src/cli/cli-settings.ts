import { homedir } from 'node:os';
import { join } from 'node:path';
import { environmentSecretStore } from '../app/environment-secret-store.js';
import type { SwitchboardOptions } from '../app/open-switchboard.js';
import type { SecretStore } from '../app/platform.js';
import type { TeamSyncPacing } from '../app/index.js';
import { withKeptPasswords } from '../host/index.js';

/**
 * Everything the CLI takes from its environment, read once by main.ts (the edge) and passed
 * down: nothing under src/ reads `process.env` itself. The desktop app builds the same settings
 * from its own sources.
 */
export interface CliSettings {
  /** Where the data directory is when `--data` is not given. */
  defaultDataDir: string;
  /** Account passwords (`--password-env VAR` stores only the variable's name). */
  secrets: SecretStore;
  /** How long a triage command waits for the team server before saying its change is queued. */
  teamConfirmMs: number;
  /** How long `sync` waits for the team server before going on without it. */
  teamSyncMs: number;
  /** How a running `sync` paces its team passes. */
  teamPacing: Partial<TeamSyncPacing>;
  /** How long a queued message waits before it goes (the undo window); unset: the app's 10 s. */
  undoSendMs?: number;
  /**
   * How long `reply --now` (and the like) waits for a running sync to send its message before
   * answering with it still queued; unset: the app's 60 s.
   */
  sendNowWaitMs?: number;
  /** What `serve` serves as the renderer; unset: the package's dist/renderer (tests pass theirs). */
  rendererDir?: string;
}

type Environment = Record<string, string | undefined>;

/** The settings of one CLI run, from the process environment (tests pass their own). */
export function readCliSettings(env: Environment): CliSettings {
  const base = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  const pacing: Partial<TeamSyncPacing> = {};
  const timeline = number(env, 'SWITCHBOARD_TEAM_TIMELINE_POLL_MS');
  const state = number(env, 'SWITCHBOARD_TEAM_STATE_POLL_MS');
  const keepOpen = number(env, 'SWITCHBOARD_TEAM_KEEP_OPEN_BYTES');
  if (timeline !== undefined) pacing.timelinePassMs = timeline;
  if (state !== undefined) pacing.statePassMs = state;
  if (keepOpen !== undefined) pacing.keepOpenBytes = keepOpen;
  return {
    defaultDataDir: env.SWITCHBOARD_DATA || join(base, 'switchboard'),
    secrets: environmentSecretStore(env),
    teamConfirmMs: number(env, 'SWITCHBOARD_TEAM_CONFIRM_MS') ?? 5000,
    teamSyncMs: number(env, 'SWITCHBOARD_TEAM_SYNC_MS') ?? 10_000,
    teamPacing: pacing,
    ...optionalNumber(env, 'SWITCHBOARD_UNDO_SEND_MS', 'undoSendMs'),
    ...optionalNumber(env, 'SWITCHBOARD_SEND_NOW_WAIT_MS', 'sendNowWaitMs'),
    ...(env.SWITCHBOARD_RENDERER_DIR ? { rendererDir: env.SWITCHBOARD_RENDERER_DIR } : {}),
  };
}

/** `{ [key]: n }` when the variable holds a whole number, else nothing (the app's default). */
function optionalNumber<K extends string>(
  env: Environment,
  name: string,
  key: K,
): Partial<Record<K, number>> {
  const value = number(env, name);
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** A tuning variable: ignored unless it is a whole number (a typo must not stop a sync). */
function number(env: Environment, name: string): number | undefined {
  const value = env[name];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * The application's options for one data directory, from the CLI's settings. Passwords: the
 * environment's variables named at `account add`, and those typed into `serve` (kept in the data
 * directory: src/host/file-secret-store.ts), so a CLI run syncs an account added in the browser.
 */
export function appOptions(dataDir: string, settings: CliSettings): SwitchboardOptions {
  return {
    dataDir,
    secrets: withKeptPasswords(settings.secrets, dataDir),
    settings: {
      teamConfirmMs: settings.teamConfirmMs,
      teamSyncMs: settings.teamSyncMs,
      teamPacing: settings.teamPacing,
      ...(settings.undoSendMs === undefined ? {} : { undoSendMs: settings.undoSendMs }),
      ...(settings.sendNowWaitMs === undefined ? {} : { sendNowWaitMs: settings.sendNowWaitMs }),
    },
  };
}
