import { UserError } from '../../errors.js';
export const WORKSPACE_ERROR_CODES = [
  /** The acting member's role does not allow the write (viewer; not an admin). */
  'forbidden',
  /** Only a note's author may edit or delete it. */
  'not-author',
  /** The acting member is not (or no longer) a member of the workspace. */
  'not-member',
  /** An unknown member, tag, note, setting… */
  'not-found',
  /** A malformed id, name, color, empty text, a snooze without a time… */
  'invalid',
  /** A handle used after its document was released (`Workspace.releaseShard`, `close`). */
  'closed',
  /** `Workspace.create` on a workspace that already has its core document set up. */
  'already-initialized',
] as const;
export type WorkspaceErrorCode = (typeof WORKSPACE_ERROR_CODES)[number];

/** A refused workspace write or lookup; `code` says which kind, the message says it for a human. */
export class WorkspaceError extends UserError {
  override name = 'WorkspaceError';

  constructor(
    override readonly code: WorkspaceErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

export const isWorkspaceError = (
  error: unknown,
  code?: WorkspaceErrorCode,
): error is WorkspaceError =>
  error instanceof WorkspaceError && (code === undefined || error.code === code);
