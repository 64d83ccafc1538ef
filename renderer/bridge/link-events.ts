import type { AppEvent, AppEventOf, AppEventType } from '../../src/app/index.js';
import type { AppLink } from '../app-link.js';

/**
 * Calls `reload` each time the link is back after being lost: the events of a time offline are
 * not replayed, so what is shown is loaded again. (Not at the first open: the first loads were
 * asked before it and wait for it.) Returns the unsubscribe.
 */
export function onReconnect(link: AppLink, reload: () => void): () => void {
  let lost = link.state === 'offline';
  return link.onState((state) => {
    if (state === 'offline') lost = true;
    else if (state === 'online' && lost) {
      lost = false;
      reload();
    }
  });
}

/** Listens to the app's events of some types. Returns the unsubscribe. */
export function onEvents<T extends AppEventType>(
  link: AppLink,
  types: readonly T[],
  listener: (event: AppEventOf<T>) => void,
): () => void {
  const wanted: ReadonlySet<string> = new Set(types);
  return link.onEvent((event: AppEvent) => {
    if (wanted.has(event.type)) listener(event as AppEventOf<T>);
  });
}

/** Calls every unsubscribe of a bridge, in one. */
export function stopAll(stops: ReadonlyArray<() => unknown>): () => void {
  return () => {
    for (const stop of stops) stop();
  };
}

/**
 * Whether a call failed because the app could not be reached (the link is down, or closed):
 * nothing to tell the user about that call, the Connection indicator says it, and everything is
 * loaded again when the link is back. (The transport's HostCallError and Electron's bridge both
 * carry the contract's error code.)
 */
export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'unreachable' || code === 'closed';
}

/** A failed call's message, for the page to show. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
