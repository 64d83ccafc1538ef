import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cacheFile, syncLockFile } from '../../src/app/data-dir.js';
import { acquireSyncLock } from '../../src/app/sync-lock.js';
import { openDatabase } from '../../src/db/open-database.js';
import { startSyncServer, type SyncServer } from '../../src/server/start-sync-server.js';
import { serverDatabaseFile } from '../../src/server/store/open-server-database.js';
import { embeddedServer, embeddedServerDir } from '../../src/team/client/embedded-server.js';
import { cli } from '../sync/support/cli.js';

/*
 * A data directory holds a team's mail and credentials: owner-only, the directory (0700) and
 * every file Switchboard keeps in it (0600), also the SQLite companions (-wal, -shm) and the
 * server's files; an existing one of an older version is corrected when it is opened. The
 * process umask (022 here, as on most machines) is left alone: the desktop app shares it.
 */

const mode = (path: string) => statSync(path).mode & 0o777;

let root: string;
const servers: SyncServer[] = [];
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'switchboard-private-'));
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a new data directory', () => {
  it("is owner-only, with its cache and the cache's -wal and -shm files", async () => {
    const umask = process.umask();
    const dataDir = join(root, 'new', 'data');
    // A command that reads mail opens (creates) the cache; `account list` on a new directory
    // creates nothing to answer that it holds no account.
    expect((await cli(dataDir, 'conversations')).code).toBe(0);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(cacheFile(dataDir))).toBe(0o600);

    acquireSyncLock(syncLockFile(dataDir))();
    expect(mode(syncLockFile(dataDir))).toBe(0o600);

    // The companions exist while the cache is open and written to.
    const db = openDatabase(cacheFile(dataDir));
    try {
      db.exec("INSERT INTO team_projection_basis (workspace_id, fingerprint) VALUES ('w', 'f')");
      for (const companion of ['-wal', '-shm']) {
        expect(existsSync(`${cacheFile(dataDir)}${companion}`), companion).toBe(true);
        expect(mode(`${cacheFile(dataDir)}${companion}`), companion).toBe(0o600);
      }
    } finally {
      db.close();
    }
    expect(process.umask()).toBe(umask);
  });

  it("is owner-only for the sync server too: its database, the database's companions, its lock", async () => {
    const dataDir = join(root, 'server-data');
    servers.push(await startSyncServer({ dataDir, port: 0, log: () => undefined }));
    expect(mode(dataDir)).toBe(0o700);
    for (const file of ['server.sqlite', 'server.sqlite-wal', 'server.sqlite-shm', 'server.lock'])
      expect(mode(join(dataDir, file)), file).toBe(0o600);
  });

  it('is owner-only for the embedded server: its directory, its database, its address', async () => {
    const dataDir = join(root, 'embedded');
    const found = await embeddedServer(dataDir);
    if (found.server) servers.push(found.server);
    expect(found.server).toBeDefined();
    expect(mode(embeddedServerDir(dataDir))).toBe(0o700);
    expect(mode(serverDatabaseFile(embeddedServerDir(dataDir)))).toBe(0o600);
    expect(mode(join(embeddedServerDir(dataDir), 'url'))).toBe(0o600);
  });
});

describe('an existing data directory of an older version', () => {
  it('is made owner-only when it is opened, with the files Switchboard keeps there, and only those', async () => {
    const dataDir = join(root, 'old');
    mkdirSync(join(dataDir, 'embedded-server'), { recursive: true });
    // A command that reads mail opens (creates) the cache; `account list` on a new directory
    // creates nothing to answer that it holds no account.
    expect((await cli(dataDir, 'conversations')).code).toBe(0);
    const ours = [
      'cache.sqlite',
      'cache.sqlite-wal',
      'cache.sqlite-shm',
      'sync.lock',
      'team-token',
      'embedded-server/server.sqlite',
      'embedded-server/server.lock',
      'embedded-server/url',
    ];
    for (const file of ours.filter((name) => !existsSync(join(dataDir, name))))
      writeFileSync(join(dataDir, file), '');
    writeFileSync(join(dataDir, 'notes.txt'), 'mine\n');
    for (const file of [...ours, 'notes.txt']) chmodSync(join(dataDir, file), 0o644);
    chmodSync(join(dataDir, 'embedded-server'), 0o755);
    chmodSync(dataDir, 0o755);

    // A command that reads mail opens (creates) the cache; `account list` on a new directory
    // creates nothing to answer that it holds no account.
    expect((await cli(dataDir, 'conversations')).code).toBe(0);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'embedded-server'))).toBe(0o700);
    for (const file of ours.filter((name) => existsSync(join(dataDir, name))))
      expect(mode(join(dataDir, file)), file).toBe(0o600);
    // Not Switchboard's: left as it is.
    expect(mode(join(dataDir, 'notes.txt'))).toBe(0o644);
  });

  it('keeps a file its owner made read-only read-only (only group and other bits go)', async () => {
    const dataDir = join(root, 'read-only-token');
    // A command that reads mail opens (creates) the cache; `account list` on a new directory
    // creates nothing to answer that it holds no account.
    expect((await cli(dataDir, 'conversations')).code).toBe(0);
    writeFileSync(join(dataDir, 'team-token'), 'sb_x\n');
    chmodSync(join(dataDir, 'team-token'), 0o444);
    // A command that reads mail opens (creates) the cache; `account list` on a new directory
    // creates nothing to answer that it holds no account.
    expect((await cli(dataDir, 'conversations')).code).toBe(0);
    expect(mode(join(dataDir, 'team-token'))).toBe(0o400);
  });
});
