import type { AppEvent, MethodName } from '../../../src/app/index.js';
import type { Dispatcher } from '../../../src/app/contract/dispatcher.js';
import type { AppLink } from '../../../renderer/app-link.js';
import type { LinkState } from '../../../renderer/transport/index.js';

/** The page's link over a real app's dispatcher, whose loss a test can cause. */
export interface DispatcherLink extends AppLink {
  /** Every call made, in order, with its input, and whether it was answered yet. */
  readonly calls: Array<{ method: MethodName; params: unknown; answered: boolean }>;
  /** The link lost (`offline`: calls fail as unreachable, events are not delivered) or back. */
  setState(state: LinkState): void;
}

/**
 * The app's dispatcher as the page's link: the contract's calls (checked by the dispatcher, as
 * every transport's are) and its events, with no transport between. What a bridge does over it
 * is what it does over the browser host's WebSocket or Electron's IPC.
 */
export function dispatcherLink(app: { dispatcher: Dispatcher }): DispatcherLink {
  let state: LinkState = 'online';
  const states = new Set<(state: LinkState) => void>();
  const calls: DispatcherLink['calls'] = [];
  return {
    calls,
    async call(method, params) {
      const record = { method, params, answered: false };
      calls.push(record);
      try {
        if (state !== 'online')
          throw Object.assign(new Error('Switchboard cannot be reached'), { code: 'unreachable' });
        const answer = await app.dispatcher.handle({ method, params });
        if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
        return answer.result as never;
      } finally {
        record.answered = true;
      }
    },
    onEvent: (listener: (event: AppEvent) => void) =>
      app.dispatcher.subscribe((event) => {
        if (state === 'online') listener(event);
      }),
    get state() {
      return state;
    },
    onState(listener) {
      states.add(listener);
      return () => states.delete(listener);
    },
    setState(next) {
      state = next;
      for (const listener of [...states]) listener(next);
    },
  };
}
