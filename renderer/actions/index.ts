/* The app's actions: one catalogue, handlers registered by the screens, one set of keys. */
export { ACTION_GROUPS, ACTION_IDS, ACTIONS, type ActionGroup, type ActionId } from './catalog.js';
export { ariaShortcut, isMac, matchesShortcut, shortcutKeys } from './keys.js';
export {
  canRun,
  registerActions,
  runAction,
  subscribeActions,
  type ActionHandler,
} from './registry.js';
export { useActionKeys } from './use-action-keys.js';
export { useAvailableActions, useRegisterActions, type AvailableAction } from './use-actions.js';
