import { inspect } from 'node:util';
import {
  createDispatcher,
  isUserError,
  keepSyncing,
  openSwitchboard,
  type Logger,
  type Switchboard,
} from '../../src/app/index.js';
import {
  serveFacade,
  type FromFacade,
  type MessagePortLike,
  type ToFacade,
} from './facade-protocol.js';
import { mirroredSecretStore } from './mirrored-secret-store.js';

/**
 * The facade's process, whatever runs it (Electron's utilityProcess in the app, Node's fork in
 * tests): waits for main's `start`, opens the app on the data directory with the passwords main
 * sent, answers main's calls and forwards the app's events, keeps syncing, and on `close`
 * closes the app (sync stopped, cache flushed), says `closed` and exits. Its log lines go to
 * main, which writes the one log.
 */
export function runFacadeProcess(
  port: MessagePortLike<ToFacade, FromFacade>,
  exit: (code: number) => void,
): void {
  let app: Switchboard | undefined;
  let stop = () => {};
  const logger: Logger = {
    warn: (message) => port.post({ type: 'log', level: 'warn', message }),
    error: (message, error) =>
      port.post({
        type: 'log',
        level: 'error',
        message:
          error === undefined
            ? message
            : `${message}: ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}`,
      }),
  };
  port.onMessage((message) => {
    if (message.type === 'start' && !app) void start(message);
    else if (message.type === 'close') void close();
  });

  async function start(message: Extract<ToFacade, { type: 'start' }>) {
    try {
      app = await openSwitchboard({
        dataDir: message.dataDir,
        secrets: mirroredSecretStore(message.secrets, (out) => port.post(out)),
        logger,
      });
    } catch (error) {
      if (!isUserError(error)) logger.error('the app could not open', error);
      port.post({
        type: 'failed',
        message: isUserError(error) ? error.message : 'an unexpected error (see main.log)',
        user: isUserError(error),
      });
      exit(1);
      return;
    }
    const stopServing = serveFacade(port, createDispatcher(app, logger));
    const keeper = keepSyncing(app, (line) => logger.warn(line));
    stop = () => {
      keeper.stop();
      stopServing();
    };
    port.post({ type: 'ready' });
  }

  async function close() {
    stop();
    try {
      await app?.close();
    } catch (error) {
      logger.error('closing the app failed', error);
    }
    port.post({ type: 'closed' });
    exit(0);
  }
}
