import type { ActionId } from './catalog.js';

/*
 * Who does each action: the screen that can registers a handler (the inbox its triage, the
 * composer its replies, the overlays the rest), and unregisters it when it goes. The palette,
 * the shortcut help and the keys (use-action-keys.ts) read the handlers from here, so an action
 * is done one way however it is asked for. A plain module, not a store: it holds functions, not
 * state to render, and tells who listens when the set of handlers changes.
 */

export interface ActionHandler {
  run: () => void;
  /** Whether it can run now (a conversation is selected, say); absent: always. */
  enabled?: () => boolean;
}

const handlers = new Map<ActionId, ActionHandler>();
const listeners = new Set<() => void>();
let version = 0;

function changed(): void {
  version += 1;
  for (const listener of listeners) listener();
}

/**
 * Registers handlers; returns what unregisters them (a screen's effect cleanup). A later
 * registration of the same action takes over until it is removed.
 */
export function registerActions(entries: Partial<Record<ActionId, ActionHandler>>): () => void {
  const added = Object.entries(entries) as Array<[ActionId, ActionHandler]>;
  for (const [id, handler] of added) handlers.set(id, handler);
  changed();
  return () => {
    for (const [id, handler] of added) if (handlers.get(id) === handler) handlers.delete(id);
    changed();
  };
}

export function actionHandler(id: ActionId): ActionHandler | undefined {
  return handlers.get(id);
}

export function canRun(id: ActionId): boolean {
  const handler = handlers.get(id);
  return handler !== undefined && (handler.enabled?.() ?? true);
}

/** Runs the action if it can run now; says whether it ran. */
export function runAction(id: ActionId): boolean {
  const handler = handlers.get(id);
  if (!handler || !(handler.enabled?.() ?? true)) return false;
  handler.run();
  return true;
}

export function subscribeActions(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Changes each time a handler comes or goes (for useSyncExternalStore). */
export function actionsVersion(): number {
  return version;
}
