/*
 * The one door into Switchboard, for every front end (the CLI, the Electron main process, the
 * browser host): the facade, its contract, its errors, and the few constants a front end needs
 * to check what it is given before it calls. Nothing else of src/ is a front end's business
 * (a lint rule holds the CLI to it).
 */
export { openSwitchboard, type Switchboard, type SwitchboardOptions } from './open-switchboard.js';
export {
  createDispatcher,
  type CallResponse,
  type Dispatcher,
  type WireError,
} from './contract/dispatcher.js';
export {
  METHOD_INPUTS,
  METHOD_NAMES,
  MAX_LIMIT,
  type MethodInput,
  type MethodName,
} from './contract/inputs.js';
export type * from './contract/outputs.js';
export {
  APP_EVENT_SCHEMAS,
  appEventSchema,
  type AppEvent,
  type AppEventOf,
  type AppEventType,
} from './contract/events.js';
export type { SwitchboardApi } from './contract/api.js';
export type { AppSettings, Clock, Logger, SecretStore } from './platform.js';
export type { TeamSyncPacing } from '../team/client/team-sync.js';
export { UNSAFE_CHARACTER_CLASS } from '../text/unsafe-characters.js';
export { environmentSecretStore } from './environment-secret-store.js';
export { contentSecurityPolicy } from './content-security-policy.js';
export { LINK_SCHEME, looksLikeAppLink, parseAppLink } from './app-links.js';
export { keepSyncing, type SyncKeeper } from './keep-syncing.js';
export { writeOwnerOnlyFile } from '../files/owner-only-file.js';
export { ERROR_CODES, isUserError, UserError, type ErrorCode } from '../errors.js';
export { MAIL_ACTIONS, type MailAction } from '../actions/mail-actions.js';
export { CONVERSATION_STATUSES, type ConversationStatus } from '../team/workspace/index.js';
export { ACTIVITY_KINDS } from '../team/client/presence.js';
export { isEmailAddress } from '../accounts/account-store.js';
export type { ConversationListItem, ConversationMessage } from '../queries/conversation-queries.js';
export type { ConversationCounts, ViewCounts } from '../queries/conversation-counts.js';
export type { SearchCut, SearchHit } from '../search/search-messages.js';
