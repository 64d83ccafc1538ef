import { appLink, hasAppLink } from '../app-link.js';
import { useOutboxStore } from '../stores/outbox-store.js';
import { messageOf, onEvents, onReconnect, stopAll } from './link-events.js';
import { createReloader, type Reloader } from './reloader.js';
import { followSend } from './send-toast.js';

/*
 * The outbox on screen: listed once, listed again when the app says a message changed
 * (outbox.changed) and when the link is back (events of a time offline are not replayed). Its
 * held, unknown and failed messages are what the outbox indicator and the held notice show.
 */

let users = 0;
let stop: (() => void) | null = null;
let reloader: Reloader | null = null;

async function listOutbox(): Promise<void> {
  try {
    useOutboxStore.getState().setItems(await appLink().call('outbox.list', {}));
  } catch (error) {
    useOutboxStore.getState().setFailed(messageOf(error));
  }
}

/** Starts following the outbox (each screen that shows it calls this; the last one out stops). */
export function startOutboxBridge(): () => void {
  // A page without the app (the preview over fixture data) has no outbox to follow.
  if (!hasAppLink()) return () => undefined;
  users += 1;
  if (users === 1) {
    const link = appLink();
    const reload = createReloader(listOutbox, 0);
    reloader = reload;
    reload.now();
    stop = stopAll([
      onEvents(link, ['outbox.changed'], (event) => {
        // The toast follows once the list has the message's reason or error.
        void listOutbox().then(() => followSend(event, useOutboxStore.getState().items));
      }),
      onReconnect(link, () => reload.now()),
      () => reload.stop(),
    ]);
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    users -= 1;
    if (users > 0) return;
    stop?.();
    stop = null;
    reloader = null;
  };
}

/** Lists the outbox again now (after an action on one of its messages). */
export function reloadOutbox(): void {
  reloader?.now();
}
