import type { HostConnection } from './transport/index.js';

/**
 * The page's link to the app (src/app/'s contract): the browser host's WebSocket in a browser
 * (renderer/transport/), Electron's IPC bridge in the desktop app. Everything the page asks the
 * app goes through it, and every change the app tells comes from it. Set once, at start
 * (main.tsx); a test sets its own.
 */
export type AppLink = Pick<HostConnection, 'call' | 'onEvent' | 'state' | 'onState'>;

let current: AppLink | undefined;

export function setAppLink(link: AppLink): void {
  current = link;
}

/** Whether a link is set: a page over fixture data (the preview, component tests) has none. */
export function hasAppLink(): boolean {
  return current !== undefined;
}

export function appLink(): AppLink {
  if (!current) throw new Error('the page has no link to the app yet (main.tsx sets it)');
  return current;
}
