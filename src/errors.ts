/**
 * The one error type a user (or a front end) is shown: a stable `code` a program can branch on,
 * and a one-line `message` that says what happened and what to do. Anything else that escapes to
 * the CLI is a bug in Switchboard (an "internal error", reported with its stack).
 */
export const ERROR_CODES = [
  /** The command line or a call's arguments are wrong (unknown command, missing flag). */
  'usage',
  /** A value is malformed or out of range (a date, a limit, a colour, an empty text). */
  'invalid',
  /** An unknown conversation, account, member, tag, workspace… */
  'not-found',
  /** Something with that identity exists already (an account address). */
  'conflict',
  /** The acting member's role does not allow it. */
  'forbidden',
  /** Only a note's author may edit or delete it. */
  'not-author',
  /** The acting member is not (or no longer) a member of the workspace. */
  'not-member',
  /** A handle used after it was closed or released. */
  'closed',
  /** `Workspace.create` on a workspace that is set up already. */
  'already-initialized',
  /** Another process holds what this needs (a sync, a server on the same data directory). */
  'locked',
  /** A mail server refused the user name or password. */
  'auth-failed',
  /** The team server refused this app's token (wrong, revoked, another workspace's). */
  'token-refused',
  /** A server cannot be reached (refused, unknown host, network down, connection dropped). */
  'unreachable',
  /** A server was reached but stopped answering within its deadline. */
  'timeout',
  /** TLS failed (certificate, TLS spoken to a plain port, or the reverse). */
  'tls',
  /** A server answered something Switchboard cannot work with. */
  'protocol',
  /** A password or token is configured by reference and the reference is empty. */
  'missing-secret',
  /** The team workspace has not reached this machine yet. */
  'not-ready',
  /** The data directory cannot be used (a file, not writable, not a directory). */
  'data-dir',
  /** A database file is damaged or not a database. */
  'corrupt',
  /** A database was written by a newer Switchboard. */
  'newer-schema',
  /** The disk is full. */
  'disk-full',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class UserError extends Error {
  override name = 'UserError';
  /** The input field at fault, as a dotted path (`snoozedUntil`, `to.email`), when one is. */
  readonly field: string | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; field?: string },
  ) {
    super(message, options);
    this.field = options?.field;
  }
}

export const isUserError = (error: unknown, code?: ErrorCode): error is UserError =>
  error instanceof UserError && (code === undefined || error.code === code);
