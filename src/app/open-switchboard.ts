import { UserError } from '../errors.js';
import { AppContext } from './app-context.js';
import { AppEvents, type AppEventListener } from './app-events.js';
import { splitMethod, type SwitchboardApi } from './contract/api.js';
import { METHOD_NAMES } from './contract/inputs.js';
import { parseInput } from './contract/validate.js';
import { cacheFile, prepareDataDir } from './data-dir.js';
import { cacheUserError } from './open-cache.js';
import { METHOD_HANDLERS, type Services } from './method-handlers.js';
import {
  DEFAULT_APP_SETTINGS,
  silentLogger,
  systemClock,
  type AppSettings,
  type Clock,
  type Logger,
  type SecretStore,
} from './platform.js';
import { AccountService } from './services/account-service.js';
import { MailService } from './services/mail-service.js';
import { MessageService } from './services/message-service.js';
import { SessionService } from './services/session-service.js';
import { TeamService } from './services/team-service.js';
import { TriageService } from './services/triage-service.js';
import { SyncService } from './services/sync-service.js';
import { OutboxService } from './services/outbox-service.js';
import { DraftService } from './services/draft-service.js';
import { LinkService } from './services/link-service.js';
import { SignatureService } from './services/signature-service.js';

export interface SwitchboardOptions {
  /** The data directory: its cache, its team replica, its locks. Created (owner-only) if missing. */
  dataDir: string;
  secrets: SecretStore;
  clock?: Clock;
  logger?: Logger;
  settings?: Partial<AppSettings>;
}

/**
 * The whole application for one data directory, as the contract describes it (contract/): every
 * front end (the CLI, the Electron app, the browser host) goes through this door and no other.
 * Each method checks its input against the contract before anything is done.
 */
export interface Switchboard extends SwitchboardApi {
  readonly dataDir: string;
  /** Every change, as events (contract/events.ts). Returns the unsubscribe. */
  subscribe(listener: AppEventListener): () => void;
  /**
   * Stops the running sync, closes the team connections and the cache (every write is stored
   * when its call returns). Calls after it are refused.
   */
  close(): Promise<void>;
}

/**
 * Opens a data directory as an application. Nothing is connected or created beyond the directory
 * itself until a call needs it; two processes may open the same data directory (one runs the
 * sync, the other's changes reach it through the cache and the team replica).
 */
export function openSwitchboard(options: SwitchboardOptions): Promise<Switchboard> {
  return attempt(() => build(options));
}

function build(options: SwitchboardOptions): Switchboard {
  prepareDataDir(options.dataDir);
  const logger = options.logger ?? silentLogger;
  const context = new AppContext(
    options.dataDir,
    options.secrets,
    options.clock ?? systemClock,
    logger,
    { ...DEFAULT_APP_SETTINGS, ...options.settings },
    new AppEvents(logger),
  );
  const services: Services = {
    session: new SessionService(context),
    accounts: new AccountService(context),
    mail: new MailService(context),
    messages: new MessageService(context),
    triage: new TriageService(context),
    team: new TeamService(context),
    sync: new SyncService(context),
    outbox: new OutboxService(context),
    drafts: new DraftService(context),
    signatures: new SignatureService(context),
    links: new LinkService(context),
  };
  let closing: Promise<void> | undefined;
  const api = {} as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  for (const method of METHOD_NAMES) {
    const handler = METHOD_HANDLERS[method] as
      ((services: Services, input: unknown) => unknown) | undefined;
    if (!handler) continue;
    const [service, name] = splitMethod(method);
    (api[service] ??= {})[name] = (input?: unknown) =>
      attempt(() => {
        if (closing) throw new UserError('closed', 'this Switchboard was closed');
        return handler(services, parseInput(method, input));
      }).catch((error: unknown) => {
        // A damaged page of the cache is found by the query that reads it, long after the open.
        throw cacheUserError(error, cacheFile(options.dataDir)) ?? error;
      });
  }
  return {
    ...(api as unknown as SwitchboardApi),
    dataDir: options.dataDir,
    subscribe: (listener) => context.events.subscribe(listener),
    // The running sync first: it writes to the cache and follows the team workspace.
    close: () => (closing ??= services.sync.close().finally(() => context.close())),
  };
}

/** Runs `fn`, its throw a rejection: every method of the facade answers with a promise. */
function attempt<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
