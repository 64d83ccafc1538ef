import { readFileSync } from 'node:fs';
import { UserError, writeOwnerOnlyFile, type SecretStore } from '../../src/app/index.js';
import {
  KEYCHAIN_PREFIX,
  SESSION_PREFIX,
  type SecretsSnapshot,
} from '../facade/facade-protocol.js';

/**
 * What encrypts the passwords: Electron's safeStorage (the OS keychain's key: macOS Keychain,
 * Windows DPAPI, Linux Secret Service or KWallet), injected so that everything else here runs in
 * Node tests.
 */
export interface SecretCipher {
  /** Whether a key from the OS keychain is there to encrypt with. */
  isEncryptionAvailable(): boolean;
  /**
   * Linux only: 'basic_text' when no keyring answered and Chromium would "encrypt" with a key
   * built into it, which protects nothing.
   */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Said once when a password cannot be kept encrypted on this machine. */
export const NO_KEYCHAIN_WARNING =
  'No system keychain is available (on Linux: no Secret Service such as GNOME Keyring or KWallet is running), so passwords are kept for this session only and asked for again at the next launch.';

interface KeychainFile {
  version: 1;
  /** Base64 of each password as the cipher encrypted it, by account. */
  secrets: Record<string, string>;
}

/**
 * The desktop app's secret store: passwords typed into the app, encrypted with the OS keychain's
 * key, in one owner-only file of the data directory (never in plain text on disk). Without a
 * keychain (a Linux session without a Secret Service, where Chromium's fallback key is public),
 * nothing is written: the password is kept in memory for this run and the user is told once,
 * through `warn`, that it will be asked again. A file that cannot be read or a password that no
 * longer decrypts (another user's, another machine's) resolves to nothing: the account then asks
 * for its password, in one line, as for a wrong one.
 */
/** The store, and what the facade's process starts with (facade/mirrored-secret-store.ts). */
export interface KeychainSecretStore extends SecretStore {
  /** Every password kept, decrypted (those that no longer decrypt left out), and how to keep more. */
  snapshot(): SecretsSnapshot;
}

export function keychainSecretStore(
  file: string,
  cipher: SecretCipher,
  warn: (message: string) => void,
): KeychainSecretStore {
  const session = new Map<string, string>();
  let warned = false;
  const encrypting = () =>
    cipher.isEncryptionAvailable() && cipher.getSelectedStorageBackend?.() !== 'basic_text';
  const decrypted = (encrypted: string | undefined) => {
    if (encrypted === undefined || !cipher.isEncryptionAvailable()) return undefined;
    try {
      return cipher.decryptString(Buffer.from(encrypted, 'base64'));
    } catch {
      return undefined;
    }
  };
  return {
    readsEnvironment: false,
    resolve(ref) {
      if (ref.startsWith(SESSION_PREFIX)) return session.get(ref.slice(SESSION_PREFIX.length));
      if (!ref.startsWith(KEYCHAIN_PREFIX)) return undefined;
      return decrypted(readKept(file)?.secrets[ref.slice(KEYCHAIN_PREFIX.length)]);
    },
    snapshot() {
      const kept = readKept(file);
      const passwords: Record<string, string> = {};
      for (const [accountId, password] of session)
        passwords[`${SESSION_PREFIX}${accountId}`] = password;
      for (const [accountId, encrypted] of Object.entries(kept?.secrets ?? {})) {
        const password = decrypted(encrypted);
        if (password !== undefined) passwords[`${KEYCHAIN_PREFIX}${accountId}`] = password;
      }
      return { encrypting: encrypting(), passwords, damaged: kept ? null : damagedMessage(file) };
    },
    keep(accountId, password) {
      if (!encrypting()) {
        if (!warned) warn(NO_KEYCHAIN_WARNING);
        warned = true;
        session.set(accountId, password);
        return `${SESSION_PREFIX}${accountId}`;
      }
      const kept = keptForWriting(file);
      const encrypted = cipher.encryptString(password).toString('base64');
      writeKept(file, { ...kept, secrets: { ...kept.secrets, [accountId]: encrypted } });
      return `${KEYCHAIN_PREFIX}${accountId}`;
    },
    forget(ref) {
      if (ref.startsWith(SESSION_PREFIX)) {
        session.delete(ref.slice(SESSION_PREFIX.length));
        return;
      }
      if (!ref.startsWith(KEYCHAIN_PREFIX)) return;
      const key = ref.slice(KEYCHAIN_PREFIX.length);
      if (!(key in (readKept(file)?.secrets ?? {}))) return;
      const kept = keptForWriting(file);
      const secrets = { ...kept.secrets };
      delete secrets[key];
      writeKept(file, { ...kept, secrets });
    },
  };
}

/**
 * The file's content: empty when there is none yet, undefined when it does not read as one. A
 * damaged file is never written over (the passwords of other accounts may still be in it).
 */
function readKept(file: string): KeychainFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<KeychainFile>;
    if (parsed.version !== 1 || typeof parsed.secrets !== 'object' || parsed.secrets === null)
      return undefined;
    const secrets = Object.fromEntries(
      Object.entries(parsed.secrets).filter(([, value]) => typeof value === 'string'),
    ) as Record<string, string>;
    return { version: 1, secrets };
  } catch {
    return undefined;
  }
}

/** The file's content to change, or one line saying why it cannot be. */
function keptForWriting(file: string): KeychainFile {
  const kept = readKept(file);
  if (!kept) throw new UserError('corrupt', damagedMessage(file));
  return kept;
}

const damagedMessage = (file: string) =>
  `the passwords file ${file} is damaged: it is left as it is; move it aside, then give the passwords again`;

/** Written whole, owner-only and atomically (writeOwnerOnlyFile). */
function writeKept(file: string, content: KeychainFile): void {
  try {
    writeOwnerOnlyFile(file, `${JSON.stringify(content)}\n`);
  } catch (error) {
    throw new UserError(
      'data-dir',
      `the passwords file ${file} cannot be written: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
}
