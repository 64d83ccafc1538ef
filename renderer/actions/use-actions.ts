import { useEffect, useRef, useSyncExternalStore } from 'react';
import { ACTION_IDS, ACTIONS, type ActionId, type ActionSpec } from './catalog.js';
import {
  actionHandler,
  actionsVersion,
  registerActions,
  subscribeActions,
  type ActionHandler,
} from './registry.js';

export interface AvailableAction extends ActionSpec {
  id: ActionId;
  /** Whether it can run now; false: offered, but not for what is on screen. */
  enabled: boolean;
}

/** The actions that have a handler, in the catalogue's order (re-read when handlers change). */
export function useAvailableActions(): AvailableAction[] {
  useSyncExternalStore(subscribeActions, actionsVersion);
  return ACTION_IDS.flatMap((id) => {
    const handler = actionHandler(id);
    if (!handler) return [];
    return [{ id, ...ACTIONS[id], enabled: handler.enabled?.() ?? true }];
  });
}

/**
 * Registers a screen's handlers while it is mounted. The handlers may be new functions at each
 * render: the latest are called, and the registration itself is made once per set of actions.
 */
export function useRegisterActions(entries: Partial<Record<ActionId, ActionHandler>>): void {
  const latest = useRef(entries);
  useEffect(() => {
    latest.current = entries;
  });
  const ids = (Object.keys(entries) as ActionId[]).sort().join(' ');
  useEffect(() => {
    const stable: Partial<Record<ActionId, ActionHandler>> = {};
    for (const id of ids.split(' ') as ActionId[]) {
      stable[id] = {
        run: () => latest.current[id]?.run(),
        enabled: () => latest.current[id]?.enabled?.() ?? true,
      };
    }
    return registerActions(stable);
  }, [ids]);
}
