import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';

/*
 * What a user is told when a database file cannot be used: one line that names the file, instead
 * of SQLite's "database disk image is malformed" and a stack. SQLITE_CORRUPT can surface long
 * after the file was opened (a damaged page is read only by the query that needs it), so this is
 * applied where the file is opened and again where errors are reported.
 */

const errorCode = (error: unknown): string =>
  typeof (error as { code?: unknown } | undefined)?.code === 'string'
    ? (error as { code: string }).code
    : '';

/**
 * The UserError for `error` raised while using the database `file`, or undefined when it says
 * nothing about the file (a constraint, a bug). `whenDamaged` tells the user what to do with a
 * damaged file (what it holds, how to rebuild or restore it).
 */
export function databaseUserError(
  error: unknown,
  file: string,
  whenDamaged: string,
): UserError | undefined {
  if (error instanceof UserError) return undefined;
  const code = errorCode(error);
  const detail = (error as Error).message;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return new UserError('corrupt', `${file} is damaged (${detail}); ${whenDamaged}`, {
      cause: error,
    });
  if (code.startsWith('SQLITE_READONLY') || ['EACCES', 'EPERM', 'EROFS'].includes(code))
    return new UserError(
      'data-dir',
      existsSync(file)
        ? `${file} is read-only for this user: Switchboard needs to write to it (check its permissions and its directory's)`
        : `${file} cannot be created: permission denied (check the permissions of its directory)`,
      { cause: error },
    );
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EISDIR' || code === 'ENOTDIR')
    return new UserError('data-dir', `${file} cannot be opened as a database (${detail})`, {
      cause: error,
    });
  return undefined;
}
