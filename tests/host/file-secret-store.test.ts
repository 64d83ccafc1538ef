import { readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { environmentSecretStore, isUserError } from '../../src/app/index.js';
import { withKeptPasswords } from '../../src/host/index.js';

/*
 * The passwords `serve` keeps in the data directory (src/host/file-secret-store.ts): owner-only,
 * written whole, found again by a later run, and a damaged file never written over.
 */

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-secrets-'));
  dirs.push(dir);
  return join(dir, 'data');
}

const file = (dir: string) => join(dir, 'secrets.json');

describe('passwords kept in the data directory', () => {
  it('keeps a password owner-only, finds it in a later run, and forgets it', async () => {
    const dir = await dataDir();
    const ref = withKeptPasswords(environmentSecretStore({}), dir).keep!('acc-1', 'pässword');
    expect(ref).not.toContain('pässword');
    expect(statSync(file(dir)).mode & 0o777).toBe(0o600);
    // Written through a temporary file renamed over it: none left behind.
    expect(readdirSync(dir)).toEqual(['secrets.json']);

    const later = withKeptPasswords(environmentSecretStore({}), dir);
    expect(later.resolve(ref)).toBe('pässword');
    later.forget!(ref);
    expect(later.resolve(ref)).toBeUndefined();
  });

  it('still resolves the environment variables the CLI named, and keeps its readsEnvironment', async () => {
    const dir = await dataDir();
    const cli = withKeptPasswords(environmentSecretStore({ PASS: 'from env' }), dir);
    expect(cli.resolve('env:PASS')).toBe('from env');
    expect(cli.readsEnvironment).toBe(true);
  });

  it('says in one line that a damaged file is damaged, and leaves it as it is', async () => {
    const dir = await dataDir();
    const store = withKeptPasswords(environmentSecretStore({}), dir);
    const ref = store.keep!('acc-1', 'first');
    const damaged = '{"version": 1, "secrets": {"acc-1": "first"'; // cut short
    writeFileSync(file(dir), damaged);

    const refused = (() => {
      try {
        store.keep!('acc-2', 'second');
      } catch (error) {
        return error;
      }
    })();
    expect(isUserError(refused, 'corrupt')).toBe(true);
    expect((refused as Error).message).toContain(file(dir));
    expect((refused as Error).message).not.toContain('\n');
    expect(() => store.resolve(ref)).toThrow(/damaged/);
    expect(() => store.forget!(ref)).toThrow(/damaged/);
    expect(readFileSync(file(dir), 'utf8')).toBe(damaged);
  });
});
