/**
 * `npm run bench:sync`: Switchboard's sync against the raw IMAP ceiling and mbsync, in one run on
 * the same private Dovecot and corpus, printed as ratios (absolute times on these machines are
 * noisy; ratios measured side by side are not).
 *
 * Options (env): BENCH_MESSAGES (20000), BENCH_THREADS (5000), BENCH_ROUNDS (3).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { seedCorpus, startDovecot } from '../helpers/dovecot.js';
import { repoRoot } from '../helpers/repo-root.js';
import { rawFetchAll } from './raw-fetch.js';

const run = promisify(execFile);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const THREADS = Number(process.env.BENCH_THREADS ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface SwitchboardRun {
  timeToInboxMs: number;
  timeToSearchableMs: number;
  peakRssMb: number;
  noopResyncMs: number;
  messages: number;
  conversations: number;
  pending: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function timeIt<T>(task: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await task();
  return { ms: performance.now() - started, value };
}

/**
 * Each tool starts on a quiet machine: the previous one's writes (mbsync's 700 MB Maildir, the
 * cache file) are flushed and deleted first, so no run pays for the disk work of the one before.
 */
async function settle(): Promise<void> {
  await run('sync');
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

async function mbsyncFullSync(port: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mbsync-'));
  try {
    const config = join(dir, 'mbsyncrc');
    mkdirSync(join(dir, 'mail'));
    // Default settings, as a power user would start: everything, all folders, to a Maildir.
    writeFileSync(
      config,
      [
        'IMAPAccount bench',
        'Host 127.0.0.1',
        `Port ${port}`,
        'User support',
        'Pass secret',
        'SSLType None',
        'AuthMechs LOGIN',
        '',
        'IMAPStore remote',
        'Account bench',
        '',
        'MaildirStore local',
        `Path ${dir}/mail/`,
        `Inbox ${dir}/mail/INBOX`,
        'SubFolders Verbatim',
        '',
        'Channel bench',
        'Far :remote:',
        'Near :local:',
        'Patterns *',
        'Create Near',
        'SyncState *',
        '',
      ].join('\n'),
    );
    const { ms } = await timeIt(() =>
      run('mbsync', ['-q', '-c', config, '-a'], { maxBuffer: 16 * 1024 * 1024 }),
    );
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function switchboardSync(port: number): Promise<SwitchboardRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-switchboard-'));
  try {
    const child = spawn(
      process.execPath,
      [
        join(repoRoot(), 'dist/tests/bench/switchboard-run.js'),
        dir,
        '127.0.0.1',
        String(port),
        'support',
      ],
      {
        env: { ...process.env, SWITCHBOARD_BENCH_PASSWORD: 'secret' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`switchboard run exited with ${code}`);
    return JSON.parse(output.trim().split('\n').at(-1)!) as SwitchboardRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { stdout: version } = await run('mbsync', ['--version']).catch(() => ({ stdout: '' }));
  if (!version) throw new Error('mbsync is not installed: apt-get install -y isync');
  const dovecot = await startDovecot();
  try {
    process.stdout.write(`seeding ${MESSAGES} messages in ${THREADS} threads…\n`);
    const corpus = await seedCorpus(dovecot, 'support', MESSAGES, THREADS, 42);
    process.stdout.write(`corpus: ${corpus.messages} messages, ${corpus.total_MiB} MiB\n`);
    // Dovecot builds its index on first access; no measured run should pay for that.
    await rawFetchAll('127.0.0.1', dovecot.port, 'support', 'secret');

    const raw: number[] = [];
    const mbsync: number[] = [];
    const runs: SwitchboardRun[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      await settle();
      const rawRun = await timeIt(() =>
        rawFetchAll('127.0.0.1', dovecot.port, 'support', 'secret'),
      );
      if (rawRun.value.messages !== corpus.messages)
        throw new Error(`raw fetch saw ${rawRun.value.messages} messages`);
      raw.push(rawRun.ms);
      await settle();
      mbsync.push(await mbsyncFullSync(dovecot.port));
      await settle();
      const sb = await switchboardSync(dovecot.port);
      if (sb.messages !== corpus.messages || sb.pending !== 0)
        throw new Error(`switchboard cached ${sb.messages} messages, ${sb.pending} without text`);
      runs.push(sb);
      process.stdout.write(
        `round ${round}: raw ${(rawRun.ms / 1000).toFixed(2)} s, mbsync ${(mbsync.at(-1)! / 1000).toFixed(2)} s, ` +
          `switchboard inbox ${(sb.timeToInboxMs / 1000).toFixed(2)} s / searchable ${(sb.timeToSearchableMs / 1000).toFixed(2)} s / ` +
          `${sb.peakRssMb.toFixed(0)} MB / resync ${sb.noopResyncMs.toFixed(0)} ms\n`,
      );
    }

    const rawMs = median(raw);
    const mbsyncMs = median(mbsync);
    const inboxMs = median(runs.map((r) => r.timeToInboxMs));
    const searchableMs = median(runs.map((r) => r.timeToSearchableMs));
    const rssMb = median(runs.map((r) => r.peakRssMb));
    const resyncMs = median(runs.map((r) => r.noopResyncMs));
    const rows: Array<[string, string, string, string]> = [
      [
        'raw IMAP fetch of every message (ceiling)',
        `${(rawMs / 1000).toFixed(2)} s`,
        `${(rawMs / mbsyncMs).toFixed(3)}× mbsync`,
        '',
      ],
      ['mbsync full sync (baseline)', `${(mbsyncMs / 1000).toFixed(2)} s`, '1.000× mbsync', ''],
      [
        'switchboard time-to-inbox',
        `${(inboxMs / 1000).toFixed(2)} s`,
        `${(inboxMs / mbsyncMs).toFixed(3)}× mbsync`,
        verdict(inboxMs / mbsyncMs <= 0.15, '≤ 0.15×'),
      ],
      [
        'switchboard time-to-searchable',
        `${(searchableMs / 1000).toFixed(2)} s`,
        `${(searchableMs / mbsyncMs).toFixed(3)}× mbsync`,
        verdict(searchableMs / mbsyncMs <= 0.35, '≤ 0.35×'),
      ],
      ['switchboard peak RSS', `${rssMb.toFixed(0)} MB`, '', verdict(rssMb <= 300, '≤ 300 MB')],
      [
        'switchboard no-op resync',
        `${resyncMs.toFixed(0)} ms`,
        '',
        verdict(resyncMs <= 300, '≤ 300 ms'),
      ],
    ];
    process.stdout.write(
      `\nmedians of ${ROUNDS} round(s), ${corpus.messages} messages (${corpus.total_MiB} MiB):\n`,
    );
    for (const [name, value, ratio, target] of rows)
      process.stdout.write(
        `${name.padEnd(44)} ${value.padStart(10)}  ${ratio.padEnd(16)} ${target}\n`,
      );
  } finally {
    await dovecot.stop();
  }
}

function verdict(ok: boolean, target: string): string {
  return `${ok ? 'meets' : 'MISSES'} target ${target}`;
}

await main();
