import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  keychainSecretStore,
  NO_KEYCHAIN_WARNING,
} from '../../electron/main/keychain-secret-store.js';
import { UserError } from '../../src/app/index.js';
import { keychainCipher } from './support/keychain-cipher.js';
import type { FromFacade } from '../../electron/facade/facade-protocol.js';
import { mirroredSecretStore } from '../../electron/facade/mirrored-secret-store.js';

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

  it('give the facade’s process a snapshot: the passwords decrypted, how to keep more, a damaged file named', () => {
    const file = passwordsFile();
    const key = randomBytes(32);
    const store = keychainSecretStore(file, keychainCipher(key), () => undefined);
    store.keep!('acct-1', 'one');
    store.keep!('acct-2', 'two');
    expect(store.snapshot()).toEqual({
      encrypting: true,
      passwords: { 'keychain:acct-1': 'one', 'keychain:acct-2': 'two' },
      damaged: null,
    });
    // Another machine's key decrypts nothing: those accounts ask for their password again.
    expect(
      keychainSecretStore(file, keychainCipher(), () => undefined).snapshot().passwords,
    ).toEqual({});
    const session = keychainSecretStore(
      passwordsFile(),
      keychainCipher(key, 'basic_text'),
      () => undefined,
    );
    session.keep!('acct-3', 'three');
    expect(session.snapshot()).toMatchObject({
      encrypting: false,
      passwords: { 'session:acct-3': 'three' },
    });
    writeFileSync(file, 'not json');
    expect(store.snapshot().damaged).toMatch(/^the passwords file .* is damaged/);
  });
});

describe('the facade process’s mirror of them', () => {
  it('resolves what main sent, and sends what it keeps and forgets to main', () => {
    const sent: FromFacade[] = [];
    const mirror = mirroredSecretStore(
      { encrypting: true, passwords: { 'keychain:acct-1': 'one' }, damaged: null },
      (message) => sent.push(message),
    );
    expect(mirror.resolve('keychain:acct-1')).toBe('one');
    expect(mirror.resolve('env:HOME')).toBeUndefined();
    expect(mirror.readsEnvironment).toBe(false);
    expect(mirror.keep!('acct-2', 'two')).toBe('keychain:acct-2');
    expect(mirror.resolve('keychain:acct-2')).toBe('two');
    mirror.forget!('keychain:acct-1');
    expect(mirror.resolve('keychain:acct-1')).toBeUndefined();
    expect(sent).toEqual([
      { type: 'secret.keep', accountId: 'acct-2', password: 'two' },
      { type: 'secret.forget', ref: 'keychain:acct-1' },
    ]);
    const session = mirroredSecretStore(
      { encrypting: false, passwords: {}, damaged: null },
      () => {},
    );
    expect(session.keep!('acct-3', 'x')).toBe('session:acct-3');
  });

  it('refuses to keep a password, in main’s one line, when the passwords file is damaged', () => {
    const mirror = mirroredSecretStore(
      { encrypting: true, passwords: {}, damaged: 'the passwords file /x is damaged: …' },
      () => {},
    );
    expect(() => mirror.keep!('acct-1', 'x')).toThrow(UserError);
  });
});
