import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccounts } from '../../src/accounts/account-store.js';
import { environmentSecrets } from '../../src/accounts/secrets.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import type { SyncProgress } from '../../src/sync/sync-context.js';
import { syncAccountOnce } from '../../src/sync/sync-runner.js';
import { seedCorpus, startDovecot, type CorpusSummary, type Dovecot } from '../helpers/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { cachePath } from './support/cache.js';
import { addAccount, makeDataDir, removeDir, syncOnce } from './support/cli.js';
import { expectCompleteFolder } from './support/invariants.js';

/*
 * A connection that drops in the middle of a sync (network loss, server restart): the in-process
 * sync (syncAccountOnce) reconnects and carries on from what the cache already holds, and the
 * result is the same complete cache an uninterrupted sync gives.
 *
 * Two drops in one sync, each resetting every connection through the proxy (imapflow's and the
 * bulk fetch connection): the first as soon as the first header batch is committed, mid-stream,
 * the second as soon as the first text bodies are stored.
 */

const USER = 'support';
const MESSAGES = 3000;

let dovecot: Dovecot;
let proxy: TcpProxy;
let data: string;
let db: Db;
let corpus: CorpusSummary;

beforeAll(async () => {
  dovecot = await startDovecot();
  corpus = await seedCorpus(dovecot, USER, MESSAGES, 800, 7);
  proxy = await startTcpProxy(dovecot.port);
  data = await makeDataDir();
  await addAccount(data, dovecot, USER, { port: proxy.port });
  db = openDatabase(cachePath(data));
});

afterAll(async () => {
  db?.close();
  await proxy?.stop();
  await dovecot?.stop();
  if (data) await removeDir(data);
});

describe('sync over a connection that drops mid-sync', () => {
  const clients: ImapFlow[] = [];
  /** Progress events, each tagged with the connection (1, 2, …) it happened on. */
  const progress: Array<SyncProgress & { connection: number }> = [];

  it('reconnects and resumes instead of failing or starting over', async () => {
    expect(corpus.messages).toBe(MESSAGES);
    let headerCut = false;
    let resetDone = false;
    const [account] = listAccounts(db);
    const result = await syncAccountOnce(db, account!, environmentSecrets(process.env), {
      imap: { onClient: (client) => clients.push(client) },
      onProgress: (event) => {
        progress.push({ ...event, connection: clients.length });
        // The first attempt loses its connections once some headers are in (the cache has them,
        // the folder state is not saved yet).
        if (
          !headerCut &&
          clients.length === 1 &&
          event.phase === 'headers' &&
          (event.done ?? 0) > 0
        ) {
          headerCut = true;
          proxy.cutAll();
        }
        if (
          !resetDone &&
          clients.length === 2 &&
          event.phase === 'bodies' &&
          (event.done ?? 0) > 0
        ) {
          resetDone = true;
          proxy.cutAll();
        }
      },
    });
    expect(resetDone, 'the second connection reached the body phase').toBe(true);
    expect(
      clients.length,
      'connections: the first cut during headers, the second during bodies, the third finishes',
    ).toBe(3);

    const headersOn = (connection: number) =>
      progress.filter((event) => event.connection === connection && event.phase === 'headers');
    const bodiesOn = (connection: number) =>
      progress.filter(
        (event) =>
          event.connection === connection &&
          event.phase === 'bodies' &&
          event.mailbox !== undefined,
      );
    // First connection: some header batches were committed before the cut, not all.
    const firstDone = Math.max(0, ...headersOn(1).map((event) => event.done ?? 0));
    expect(firstDone).toBeGreaterThan(0);
    expect(firstDone).toBeLessThan(MESSAGES);
    // Second connection fetched only the headers still missing.
    expect(headersOn(2)[0]?.total).toBe(MESSAGES - firstDone);
    // Third connection: no header left to fetch, only the text bodies not stored before the reset.
    expect(headersOn(3)).toEqual([]);
    const thirdBodies = bodiesOn(3)[0]?.total ?? 0;
    expect(thirdBodies).toBeGreaterThan(0);
    expect(thirdBodies).toBeLessThan(MESSAGES);

    // What the last (successful) pass reports: the bodies it fetched.
    expect(result.bodies).toBe(thirdBodies);
  });

  it('leaves a complete cache: every server message once, all searchable', async () => {
    await expectCompleteFolder(data, dovecot, USER, 'INBOX', MESSAGES);
  });

  it('then a normal sync finds nothing left to do', async () => {
    const [summary] = await syncOnce(data);
    expect(summary).toMatchObject({ added: 0, removed: 0, flagsChanged: 0, bodies: 0 });
    await expectCompleteFolder(data, dovecot, USER, 'INBOX', MESSAGES);
  });
});
