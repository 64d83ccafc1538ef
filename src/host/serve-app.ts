import { inspect } from 'node:util';
import {
  createDispatcher,
  keepSyncing,
  type Logger,
  type SecretStore,
  type Switchboard,
} from '../app/index.js';
import { startHost, type BrowserHost, type HostOptions } from './start-host.js';

/*
 * `switchboard serve`: an opened app, running as the desktop app will, in a browser. The host is
 * a transport (as Hocuspocus splits its transport from its logic): every call goes through the
 * app's dispatcher, which checks it against the contract; nothing here knows a method.
 */

export type ServeOptions = Omit<HostOptions, 'dispatcher'>;

export async function serveApp(app: Switchboard, options: ServeOptions): Promise<BrowserHost> {
  const dispatcher = createDispatcher(app, lineLogger(options.log));
  const host = await startHost({ ...options, dispatcher });
  const keeper = keepSyncing(app, options.log);
  return {
    ...host,
    async close() {
      keeper.stop();
      await host.close();
    },
  };
}

/**
 * The secret store of an app served to a browser: the passwords of accounts stay readable as the
 * CLI stored them, but a page may not name an environment variable as a password (accounts.add
 * refuses it): it would have the host send that variable to a server of the page's choosing.
 */
export function servedSecrets(secrets: SecretStore): SecretStore {
  return {
    resolve: (ref) => secrets.resolve(ref),
    ...(secrets.keep ? { keep: secrets.keep.bind(secrets) } : {}),
    ...(secrets.forget ? { forget: secrets.forget.bind(secrets) } : {}),
    readsEnvironment: false,
  };
}

/** The app's logger as lines (a bug's stack included), for a host that logs to a terminal. */
export function lineLogger(log: (line: string) => void): Logger {
  return {
    warn: (message) => log(message),
    error: (message, error) =>
      log(
        error === undefined
          ? message
          : `${message}: ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}`,
      ),
  };
}
