/**
 * One Switchboard sync in its own process, so the benchmark reads this process's peak RSS alone.
 * argv: DATA_DIR HOST PORT USER; password in SWITCHBOARD_BENCH_PASSWORD. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addAccount, listAccounts } from '../../src/accounts/account-store.js';
import { environmentSecrets, envSecretRef } from '../../src/accounts/secrets.js';
import { openDatabase } from '../../src/db/open-database.js';
import { syncAccountOnce } from '../../src/sync/sync-runner.js';

const [dataDir, host, port, user] = process.argv.slice(2);
if (!dataDir || !host || !port || !user)
  throw new Error('usage: switchboard-run DATA_DIR HOST PORT USER');

const peakRssMb = () => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 1024 / 1024;
};

const db = openDatabase(join(dataDir, 'cache.sqlite'));
if (listAccounts(db).length === 0) {
  addAccount(db, {
    name: 'Bench',
    email: `${user}@bench.example`,
    imap: {
      protocol: 'imap',
      host,
      port: Number(port),
      user,
      secure: false,
      requireStartTls: false,
    },
    passwordRef: envSecretRef('SWITCHBOARD_BENCH_PASSWORD'),
  });
}
const account = listAccounts(db)[0]!;
const started = performance.now();
const cpuStarted = process.cpuUsage();
let inboxAt: number | undefined;
let searchableAt: number | undefined;
const result = await syncAccountOnce(db, account, environmentSecrets(process.env), {
  onProgress: (progress) => {
    if (progress.phase === 'bodies' && inboxAt === undefined) inboxAt = performance.now();
    // Everything is committed and searchable; the WAL checkpoint that follows is housekeeping.
    if (progress.phase === 'done') searchableAt = performance.now();
  },
});
const finishedAt = performance.now();
const cpu = process.cpuUsage(cpuStarted);
const peakAfterSync = peakRssMb();
// A second pass with nothing changed on the server: what every later sync costs at least.
const resyncStarted = performance.now();
await syncAccountOnce(db, account, environmentSecrets(process.env));
const noopResyncMs = performance.now() - resyncStarted;
const counts = db
  .prepare(
    `SELECT (SELECT count(*) FROM messages) AS messages,
            (SELECT count(*) FROM conversations) AS conversations,
            (SELECT count(*) FROM messages WHERE body_state = 'pending') AS pending`,
  )
  .get();
db.close();
process.stdout.write(
  `${JSON.stringify({
    timeToInboxMs: (inboxAt ?? finishedAt) - started,
    timeToSearchableMs: (searchableAt ?? finishedAt) - started,
    peakRssMb: peakAfterSync,
    noopResyncMs,
    // User + system time of all threads: steadier than wall time on a noisy machine.
    cpuMs: (cpu.user + cpu.system) / 1000,
    added: result.folders.reduce((sum, folder) => sum + folder.added, 0),
    ...(counts as object),
  })}\n`,
);
