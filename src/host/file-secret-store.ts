import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, writeOwnerOnlyFile, type SecretStore } from '../app/index.js';

/*
 * Passwords typed into the app where Node has no keychain to give them to (`switchboard serve`):
 * kept in the data directory, in one owner-only (0600) JSON file, next to the cache and the team
 * token it already protects the same way. Not encrypted: whoever reads the data directory reads
 * the mail anyway. The desktop app (Electron) does not use this store: it keeps passwords through
 * its safeStorage-backed store (the OS keychain) behind the same SecretStore interface.
 *
 * The file is read at each call (it is small, and a CLI run and `serve` may both use it) and
 * written whole, to a temporary file renamed over it, so a crash leaves the old file or the new
 * one, never half of one. One that cannot be read is never written over: the call says so, in
 * one line naming the file, and what it holds stays for its owner to fix or move aside.
 */

/** What a password kept here is stored as in an account (`accounts.password_ref`). */
export const FILE_SECRET_PREFIX = 'secrets-file:';

/** The file in a data directory. */
export const secretsFile = (dataDir: string): string => join(dataDir, 'secrets.json');

interface SecretsFile {
  version: 1;
  secrets: Record<string, string>;
}

export interface FileSecrets {
  resolve(ref: string): string | undefined;
  keep(key: string, password: string): string;
  forget(ref: string): void;
}

export function fileSecretStore(file: string): FileSecrets {
  const keyOf = (ref: string) =>
    ref.startsWith(FILE_SECRET_PREFIX) ? ref.slice(FILE_SECRET_PREFIX.length) : undefined;
  return {
    resolve(ref) {
      const key = keyOf(ref);
      return key === undefined ? undefined : readSecrets(file).secrets[key];
    },
    keep(key, password) {
      const content = readSecrets(file);
      writeSecrets(file, { ...content, secrets: { ...content.secrets, [key]: password } });
      return `${FILE_SECRET_PREFIX}${key}`;
    },
    forget(ref) {
      const key = keyOf(ref);
      if (key === undefined) return;
      const content = readSecrets(file);
      if (!(key in content.secrets)) return;
      const secrets = { ...content.secrets };
      delete secrets[key];
      writeSecrets(file, { ...content, secrets });
    },
  };
}

/**
 * A front end's secret store plus the passwords kept in the data directory's file: resolves both
 * kinds of reference, keeps typed passwords in the file, and forgets them there. Whether a
 * password may name an environment variable stays the front end's (`readsEnvironment`): the
 * CLI's `account add --password-env` works as it did, and its runs find the passwords `serve` kept.
 */
export function withKeptPasswords(base: SecretStore, dataDir: string): SecretStore {
  const file = fileSecretStore(secretsFile(dataDir));
  return {
    resolve: (ref) => (ref.startsWith(FILE_SECRET_PREFIX) ? file.resolve(ref) : base.resolve(ref)),
    keep: (accountId, password) => file.keep(accountId, password),
    forget: (ref) => (ref.startsWith(FILE_SECRET_PREFIX) ? file.forget(ref) : base.forget?.(ref)),
    readsEnvironment: base.readsEnvironment,
  };
}

function readSecrets(file: string): SecretsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
    throw new UserError('data-dir', `the passwords file ${file} cannot be read: ${reason(error)}`, {
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, 'not valid JSON', error);
  }
  if (!isSecretsFile(parsed)) throw corrupt(file, 'not a passwords file of this version');
  return parsed;
}

function isSecretsFile(value: unknown): value is SecretsFile {
  if (typeof value !== 'object' || value === null) return false;
  const { version, secrets } = value as Partial<SecretsFile>;
  return (
    version === 1 &&
    typeof secrets === 'object' &&
    secrets !== null &&
    !Array.isArray(secrets) &&
    Object.values(secrets).every((secret) => typeof secret === 'string')
  );
}

function corrupt(file: string, what: string, cause?: unknown): UserError {
  return new UserError(
    'corrupt',
    `the passwords file ${file} is damaged (${what}): it is left as it is; fix it or move it aside, then give the passwords again`,
    { cause },
  );
}

/** Writes the whole file, owner-only and atomically (writeOwnerOnlyFile). */
function writeSecrets(file: string, content: SecretsFile): void {
  try {
    writeOwnerOnlyFile(file, `${JSON.stringify(content, null, 2)}\n`);
  } catch (error) {
    throw new UserError(
      'data-dir',
      `the passwords file ${file} cannot be written: ${reason(error)}`,
      { cause: error },
    );
  }
}

const reason = (error: unknown): string =>
  (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
