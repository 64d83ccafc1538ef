/* The workspace document model: what the rest of the app imports. */
export { Conversation, type ConversationEdit, type TagRef } from './conversation.js';
export { LAYOUT_VERSION, type CorePart } from './core-doc.js';
export { MemoryDocSource, type DocSource, type ReleaseOptions } from './doc-source.js';
export { Draft, DRAFT_FRAGMENT, madeHere, RECIPIENT_KINDS } from './draft.js';
export {
  isWorkspaceError,
  WorkspaceError,
  WORKSPACE_ERROR_CODES,
  type WorkspaceErrorCode,
} from './errors.js';
export { parseMentions } from './mentions.js';
export * from './model.js';
export { fragmentToText, writeTextToFragment } from './plain-text.js';
export {
  coreRoom,
  DEFAULT_SHARD_COUNT,
  draftRoomFor,
  parseRoom,
  roomsOf,
  shardOf,
  shardRoom,
  shardRoomFor,
  type ParsedRoom,
  type ShardPart,
  type WorkspaceRooms,
} from './rooms.js';
export { Settings } from './settings.js';
export { Team, type MemberPatch, type NewMember } from './team.js';
export {
  Workspace,
  type ChangeOrigin,
  type CreateWorkspaceOptions,
  type WorkspaceChange,
  type WorkspaceOptions,
} from './workspace.js';
