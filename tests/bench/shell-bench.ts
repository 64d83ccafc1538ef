/**
 * `npm run bench:shell`: where the desktop app runs its facade. Electron's main process is the
 * browser's UI thread: while its JavaScript runs, the window takes no input, does not move or
 * resize, and no IPC call is answered. This measures that thread during a real first sync of a
 * 20k-message mailbox (the heaviest thing the app does: IMAP, MIME, threading, indexing), with
 * the facade in two places, one after the other in the same run:
 *
 * - in main (this process), as a shell that ran the app itself would;
 * - in a process of its own, as the app does (electron/main/facade-supervisor.ts): the built
 *   out/main/facade.js forked by Node, which is what Electron's utilityProcess is, its calls
 *   relayed by this process as main relays the window's.
 *
 * For each: the longest stall of this process's thread (a 16 ms ticker, a display frame, records
 * how late each tick fires), its event loop's delay (perf_hooks) at p99 and max, and what the
 * window waits for, a screenful of the list (`mail.conversations`) and the counts
 * (`mail.counts`) every 200 ms through the dispatcher. The baseline is the same measurement with
 * the sync done and nothing else running (the idle app, its 20k messages cached), as a ratio.
 * The target, for the app's placement: no stall of main's thread over 50 ms during the sync (the
 * window never freezes). The window's calls are timed from when they are due, a stall included,
 * and printed: during a first sync they wait for the facade's own thread, busy with the sync.
 *
 * The corpus is the search benchmark's (20,000 messages in 5,000 threads) in a private Dovecot.
 * Env: BENCH_SHELL_MESSAGES (20000), BENCH_KEEP_DIR (keep the data directory).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDispatcher, type Dispatcher } from '../../src/app/contract/dispatcher.js';
import { keepSyncing } from '../../src/app/keep-syncing.js';
import { openSwitchboard } from '../../src/app/open-switchboard.js';
import { silentLogger } from '../../src/app/platform.js';
import { superviseFacade } from '../../electron/main/facade-supervisor.js';
import { seedCorpus, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { forkFacade } from '../helpers/facade-child.js';
import { repoRoot } from '../helpers/repo-root.js';
import { summarize } from './support/interleaved-timing.js';
import { coreLoad, coreTimes, waitForQuiet } from './support/proc-stats.js';

const MESSAGES = Number(process.env.BENCH_SHELL_MESSAGES ?? 20_000);
const THREADS = Math.max(1, Math.round(MESSAGES / 4));
const FRAME_MS = 16;
const CALL_EVERY_MS = 200;
const STALL_TARGET_MS = 50;
/** How long the idle baseline is measured at most (the sync's own length when shorter). */
const BASELINE_MAX_MS = 30_000;
/** The facade process's entry as the desktop app ships it (npm run build:app). */
const FACADE_ENTRY = join(repoRoot(import.meta.url), 'out', 'main', 'facade.js');

const log = (line = '') => process.stdout.write(`${line}\n`);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

interface ThreadFigures {
  seconds: number;
  /** How late the latest-firing frame tick was, past its frame. */
  longestStall: number;
  /** Frame ticks more than 50 ms late. */
  stalls: number;
  ticks: number;
  loopP99: number;
  loopMax: number;
  list: number[];
  counts: number[];
  busiestCore: number;
}

/** Measures the thread and the window's calls while `work` runs (or for `forMs` when given). */
async function measure(
  dispatcher: Pick<Dispatcher, 'handle'>,
  work: () => Promise<unknown>,
): Promise<ThreadFigures> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let last = performance.now();
  let longestStall = 0;
  let stalls = 0;
  let ticks = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    const late = now - last - FRAME_MS;
    last = now;
    ticks += 1;
    longestStall = Math.max(longestStall, late);
    if (late > STALL_TARGET_MS) stalls += 1;
  }, FRAME_MS);
  const list: number[] = [];
  const counts: number[] = [];
  let working = true;
  // Timed from when the window asks: a call due while this thread was held waits from then too
  // (a stall delays the timer that sends it, and that wait is the user's as well).
  const timed = async (method: string, params: object, into: number[], askedAt: number) => {
    const answer = await dispatcher.handle({ method, params });
    if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
    into.push(performance.now() - askedAt);
  };
  const window = (async () => {
    let due = performance.now();
    while (working) {
      await timed('mail.conversations', { limit: 50 }, list, due);
      await timed('mail.counts', {}, counts, performance.now());
      due = performance.now() + CALL_EVERY_MS;
      await sleep(CALL_EVERY_MS);
    }
  })();
  const cores = coreTimes();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  working = false;
  await window;
  clearInterval(ticker);
  loop.disable();
  return {
    seconds,
    longestStall,
    stalls,
    ticks,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
    list,
    counts,
    busiestCore: Math.max(...coreLoad(cores, coreTimes(), seconds).busy),
  };
}

function report(name: string, figures: ThreadFigures): void {
  const list = summarize(figures.list);
  const counts = summarize(figures.counts);
  log(
    `  ${name.padEnd(18)} ${figures.seconds.toFixed(1).padStart(5)} s  longest stall ${ms(figures.longestStall).padStart(9)}` +
      `  stalls>50ms ${String(figures.stalls).padStart(3)}/${figures.ticks}  loop p99 ${ms(figures.loopP99)} max ${ms(figures.loopMax)}` +
      `  list p95 ${ms(list.p95)}  counts p95 ${ms(counts.p95)}  busiest core ${figures.busiestCore.toFixed(0)}%`,
  );
}

/** Where the facade runs: in this process (as main would run it), or in a process of its own. */
interface Placement {
  name: string;
  dispatcher: Pick<Dispatcher, 'handle' | 'subscribe'>;
  close(): Promise<void>;
}

/** The facade in this process: what main would be if it ran the app itself. */
async function inThisProcess(dataDir: string): Promise<Placement> {
  const kept = new Map<string, string>();
  const app = await openSwitchboard({
    dataDir,
    // Main's keychain, as far as a sync needs it: the password typed, held for the run.
    secrets: {
      readsEnvironment: false,
      resolve: (ref) => kept.get(ref),
      keep: (accountId, password) => (
        kept.set(`session:${accountId}`, password),
        `session:${accountId}`
      ),
    },
    logger: silentLogger,
  });
  // As the app keeps syncing (src/app/keep-syncing.ts): the account's first sync starts with it.
  const keeper = keepSyncing(app, () => {});
  return {
    name: 'in main',
    dispatcher: createDispatcher(app, silentLogger),
    close: () => {
      keeper.stop();
      return app.close();
    },
  };
}

/**
 * The facade in a process of its own, as the desktop app runs it: the built entry
 * (out/main/facade.js) forked by Node (Electron's utilityProcess is such a Node process) under
 * main's supervisor, the calls relayed as main relays the window's.
 */
async function inItsOwnProcess(dataDir: string): Promise<Placement> {
  const kept = new Map<string, string>();
  const supervisor = superviseFacade({
    spawn: () => forkFacade(FACADE_ENTRY, 'inherit'),
    startMessage: () => ({
      type: 'start',
      dataDir,
      secrets: { encrypting: false, passwords: Object.fromEntries(kept), damaged: null },
    }),
    secrets: {
      keep: (accountId, password) => (kept.set(`session:${accountId}`, password), ''),
      forget: (ref) => void kept.delete(ref),
    },
    logger: { warn: (line) => log(`  facade: ${line}`), error: (line) => log(`  facade: ${line}`) },
    onRestarted: () => {},
    onGaveUp: (message) => {
      throw new Error(message);
    },
  });
  await supervisor.ready;
  return {
    name: 'in its own process',
    dispatcher: supervisor.client,
    close: () => supervisor.close(10_000),
  };
}

/** A first sync of the corpus with the facade placed so, measured, then the idle baseline. */
async function run(
  placement: Placement,
  dovecot: Dovecot,
): Promise<{ syncing: ThreadFigures; idle: ThreadFigures }> {
  const { dispatcher } = placement;
  await waitForQuiet(20_000, 25);
  // The account is added as a user adds it: the app's running sync takes it from there, and the
  // measurement lasts until that first pass has brought everything in.
  const syncing = await measure(dispatcher, async () => {
    const passed = new Promise<void>((resolve) => {
      const stop = dispatcher.subscribe((event) => {
        if (event.type !== 'sync.passed' || event.added === 0) return;
        stop();
        resolve();
      });
    });
    const added = await dispatcher.handle({
      method: 'accounts.add',
      params: {
        name: 'Bench',
        email: 'support@bench.example',
        imapUrl: `imap://support@127.0.0.1:${dovecot.port}`,
        password: { value: 'secret' },
      },
    });
    if (!added.ok) throw new Error(added.error.message);
    await passed;
  });
  const cached = (await dispatcher.handle({ method: 'mail.counts', params: {} })) as {
    ok: boolean;
    result?: { views: { open: number } };
  };
  if (!cached.ok) throw new Error('mail.counts failed after the sync');
  await waitForQuiet(20_000, 25);
  const idle = await measure(dispatcher, () =>
    sleep(Math.min(BASELINE_MAX_MS, syncing.seconds * 1000)),
  );
  log(`  ${placement.name}: ${cached.result?.views.open ?? '?'} open conversations synced`);
  return { syncing, idle };
}

async function main(): Promise<void> {
  if (!existsSync(FACADE_ENTRY)) throw new Error(`${FACADE_ENTRY} is missing: run npm run build`);
  const root = mkdtempSync(join(tmpdir(), 'switchboard-bench-shell-'));
  const dovecot = await startDovecot();
  try {
    log(
      `bench:shell — main's thread during a first sync of ${MESSAGES} messages, by where the facade runs`,
    );
    await seedCorpus(dovecot, 'support', MESSAGES, THREADS, 42);
    log(`  machine quiet at ${(await waitForQuiet(20_000, 25)).toFixed(0)}% busiest core`);
    const results: Array<[string, { syncing: ThreadFigures; idle: ThreadFigures }]> = [];
    for (const [name, place] of [
      ['main', inThisProcess],
      ['own', inItsOwnProcess],
    ] as const) {
      const placement = await place(join(root, name));
      try {
        results.push([placement.name, await run(placement, dovecot)]);
      } finally {
        await placement.close();
      }
    }
    log();
    for (const [name, { syncing, idle }] of results) {
      report(`${name}, syncing`, syncing);
      report(`${name}, idle`, idle);
    }
    log();
    const list = (f: ThreadFigures) => summarize(f.list).p95;
    for (const [name, { syncing, idle }] of results)
      log(
        `  ${name}: sync/idle ratio of the longest stall ${(syncing.longestStall / Math.max(idle.longestStall, 0.1)).toFixed(1)}×, of list p95 ${(list(syncing) / list(idle)).toFixed(1)}×`,
      );
    const [, own] = results.find(([name]) => name === 'in its own process')!;
    const pass = own.syncing.longestStall <= STALL_TARGET_MS;
    log(
      `  target (the app's placement, its own process): no stall of main's thread over ${STALL_TARGET_MS} ms during the sync — ${pass ? 'PASS' : 'MISS'} (${ms(own.syncing.longestStall)})`,
    );
    log(
      `  (the window's answers wait for the facade's own thread: list p95 ${ms(list(own.syncing))} during the sync, ${ms(list(own.idle))} idle)`,
    );
    if (!pass) process.exitCode = 1;
  } finally {
    await dovecot.stop();
    if (!process.env.BENCH_KEEP_DIR) rmSync(root, { recursive: true, force: true });
    else log(`  kept ${root}`);
  }
}

await main();
