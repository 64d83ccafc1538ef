import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  keychainSecretStore,
  NO_KEYCHAIN_WARNING,
  type SecretCipher,
} from '../../electron/main/keychain-secret-store.js';
import { UserError } from '../../src/app/index.js';

/** safeStorage's part, played by AES-256-GCM under a key of this test's (the OS keychain's). */
function keychainCipher(key = randomBytes(32), backend = 'gnome_libsecret'): SecretCipher {
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString();
    },
  };
}

const dirs: string[] = [];
function passwordsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keychain-'));
  dirs.push(dir);
  return join(dir, 'passwords.json');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the desktop app’s passwords', () => {
  it('are kept encrypted in an owner-only file, and found again by the next launch', () => {
    const file = passwordsFile();
    const key = randomBytes(32);
    const store = keychainSecretStore(file, keychainCipher(key), () => undefined);
    const ref = store.keep!('acct-1', 'correct horse battery staple');
    expect(ref).toBe('keychain:acct-1');
    expect(readFileSync(file, 'utf8')).not.toContain('correct horse');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const nextLaunch = keychainSecretStore(file, keychainCipher(key), () => undefined);
    expect(nextLaunch.resolve(ref)).toBe('correct horse battery staple');
    expect(nextLaunch.readsEnvironment).toBe(false);
    expect(nextLaunch.resolve('env:HOME')).toBeUndefined();
  });

  it('forget one account’s password and keep the others', () => {
    const file = passwordsFile();
    const store = keychainSecretStore(file, keychainCipher(), () => undefined);
    const one = store.keep!('acct-1', 'one');
    const two = store.keep!('acct-2', 'two');
    store.forget!(one);
    expect(store.resolve(one)).toBeUndefined();
    expect(store.resolve(two)).toBe('two');
  });

  it('resolve to nothing under another keychain’s key: the account asks for its password', () => {
    const file = passwordsFile();
    const ref = keychainSecretStore(file, keychainCipher(), () => undefined).keep!('a', 'secret');
    expect(keychainSecretStore(file, keychainCipher(), () => undefined).resolve(ref)).toBe(
      undefined,
    );
  });

  it('are kept for this session only, never on disk, without a keychain, said once', () => {
    const warnings: string[] = [];
    for (const cipher of [
      { ...keychainCipher(), isEncryptionAvailable: () => false },
      keychainCipher(randomBytes(32), 'basic_text'),
    ]) {
      const file = passwordsFile();
      const store = keychainSecretStore(file, cipher, (line) => warnings.push(line));
      const ref = store.keep!('acct-1', 'secret');
      store.keep!('acct-2', 'other');
      expect(ref).toBe('session:acct-1');
      expect(store.resolve(ref)).toBe('secret');
      expect(() => statSync(file)).toThrow();
      // The next launch does not have it.
      expect(keychainSecretStore(file, cipher, () => undefined).resolve(ref)).toBeUndefined();
    }
    expect(warnings).toEqual([NO_KEYCHAIN_WARNING, NO_KEYCHAIN_WARNING]);
  });

  it('never write over a damaged file, and say so in one line', () => {
    const file = passwordsFile();
    writeFileSync(file, '{"version":1,"secrets":{"acct-1":"AAAA", "acct-2"');
    const store = keychainSecretStore(file, keychainCipher(), () => undefined);
    expect(store.resolve('keychain:acct-1')).toBeUndefined();
    expect(() => store.keep!('acct-3', 'x')).toThrow(UserError);
    expect(() => store.keep!('acct-3', 'x')).toThrow(/^the passwords file .* is damaged/);
    expect(readFileSync(file, 'utf8')).toContain('"acct-2"');
  });
});
