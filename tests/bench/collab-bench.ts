/**
 * `npm run bench:collab`: our sync server against the stock y-websocket server and Hocuspocus, in
 * one run on loopback, printed as ratios: each scenario runs against the three servers back to
 * back, so they share the machine's conditions (absolute latencies on these machines drift with
 * whatever else runs; every run reports how much of its cores other processes took).
 *
 * Each server runs in its own process on core 0, the clients all in this process on core 1
 * (taskset, when present). Ours runs as in production: token auth, SQLite persistence in a temp
 * data directory; the stock servers run without persistence. The clients are lean y-websocket
 * clients (support/lean-client.ts) sending real Yjs updates; latency = receive time − send
 * time, over every delivery to every other client; a delivery that never arrives counts as
 * infinitely late.
 *
 * Options (env): BENCH_WARMUP_MS (2000), BENCH_MEASURE_MS (8000), BENCH_SERVERS (all three,
 * comma-separated: switchboard,y-websocket,hocuspocus), BENCH_MAX_CLIENTS (500, the cap of the
 * step-up; 0 skips it), BENCH_IDLE_CLIENTS (500, for memory per client), BENCH_SCENARIOS (all:
 * s20,s100,s200,p20,p200), BENCH_WORKSPACE_OPEN (split: the default, the cold open of a
 * 100,000-conversation workspace in the layout the app uses, about a minute, at the end; all:
 * also the one-document layouts it was chosen against, several minutes; 0: skipped).
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';
import {
  memoryPerClient,
  runScenario,
  type Scenario,
  type ScenarioResult,
} from './support/load-run.js';
import { waitForQuiet } from './support/proc-stats.js';
import {
  hasTaskset,
  launchServer,
  pinClientProcess,
  type LaunchedServer,
  type ServerKind,
} from './support/server-launchers.js';

const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 2000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 8000);
const MAX_CLIENTS = Number(process.env.BENCH_MAX_CLIENTS ?? 500);
const IDLE_CLIENTS = Number(process.env.BENCH_IDLE_CLIENTS ?? 500);
const OURS: ServerKind = 'switchboard';
const STOCK: readonly ServerKind[] = ['y-websocket', 'hocuspocus'];
const SERVERS = (process.env.BENCH_SERVERS?.split(',') ?? [OURS, ...STOCK]) as ServerKind[];
/** Step-up of the capacity search; 20 and 100 are the first two scenarios, measured already. */
const STEPS = [20, 50, 100, 150, 200, 250, 300, 400, 500];
const CAPACITY_P99_MS = 100;
/** Steps past the first scenarios are shorter, to keep the whole bench within ~5 minutes. */
const STEP_WARMUP_MS = Math.min(WARMUP_MS, 1000);
const STEP_MEASURE_MS = Math.min(MEASURE_MS, 5000);
/** A core busier than this with other processes makes a run's latencies partly theirs. */
const QUIET_PERCENT = 15;
/** A run whose cores other processes used more than this is run again once. */
const RETRY_ABOVE_PERCENT = 25;

interface Target {
  key: string;
  scenario: Scenario;
  /** Our p99 must be at most this (ms). */
  p99Ms: number;
}

const scenario = (
  name: string,
  clients: number,
  updatesPerSecond: number,
  presence = false,
): Scenario => ({
  name,
  clients,
  updatesPerSecond,
  presence,
  warmupMs: WARMUP_MS,
  measureMs: MEASURE_MS,
});

const ALL_TARGETS: readonly Target[] = [
  { key: 's20', scenario: scenario('20 clients × 10 updates/s', 20, 10), p99Ms: 10 },
  { key: 's100', scenario: scenario('100 clients × 10 updates/s', 100, 10), p99Ms: 100 },
  { key: 's200', scenario: scenario('200 clients × 1 update/s', 200, 1), p99Ms: 25 },
  // Presence: the same loads with every client's awareness renewed every 1–2 s; the targets of
  // the loads without it, since presence must not cost the edits their latency.
  {
    key: 'p20',
    scenario: scenario('20 clients × 10 updates/s + presence', 20, 10, true),
    p99Ms: 10,
  },
  {
    key: 'p200',
    scenario: scenario('200 clients × 1 update/s + presence', 200, 1, true),
    p99Ms: 25,
  },
];

/** BENCH_SCENARIOS=s200,p200 runs only those (keys above); the step-up runs the 20/100 steps itself then. */
const TARGETS = ALL_TARGETS.filter(
  (target) => process.env.BENCH_SCENARIOS?.split(',').includes(target.key) ?? true,
);

interface ServerState {
  kind: ServerKind;
  server: LaunchedServer;
  runs: Map<string, ScenarioResult | Error>;
  memory?: { bytesPerClient: number; idleRss: number } | Error;
  /** Clients held at 10 updates/s with p99 ≤ 100 ms; undefined when not stepped up. */
  capacity?: number;
  capacityNote: string;
  /** Still in the step-up. */
  stepping: boolean;
  rooms: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const ms = (value: number) =>
  Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : '∞ (lost)';
const describe = (error: unknown) =>
  error instanceof Error ? error.message.split('\n')[0]! : String(error);
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

function summary(result: ScenarioResult): string {
  const lost = Object.entries(result.lost)
    .map(([code, count]) => `${count}× closed ${code}`)
    .join(', ');
  return (
    `p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}, max ${ms(result.maxMs)}; ${result.sentPerSecond.toFixed(0)} updates/s sent, ` +
    `${(result.deliveredRatio * 100).toFixed(2)}% delivered, ${Math.round(result.framesPerSecond)} frames/s received; ` +
    `server CPU ${result.serverCpu.toFixed(0)}%, client loop ${(result.clientElu * 100).toFixed(0)}% busy (delay p99 ${ms(result.clientLoopDelayP99Ms)}); ` +
    `others on the cores ${result.foreignCpu.serverCore.toFixed(0)}% / ${result.foreignCpu.clientCore.toFixed(0)}%; probes ${result.verified}` +
    (lost ? `; ${lost}` : '')
  );
}

const noise = (result: ScenarioResult) =>
  Math.max(result.foreignCpu.serverCore, result.foreignCpu.clientCore);

async function attempt(
  state: ServerState,
  key: string,
  what: Scenario,
): Promise<ScenarioResult | Error> {
  let best: ScenarioResult | Error | undefined;
  // Other processes (test suites, builds) come and go on shared machines: a run they disturbed
  // is run again once, after waiting for a quieter moment, and the quieter of the two is kept.
  for (let round = 1; round <= 2; round += 1) {
    await waitForQuiet(round === 1 ? 3000 : 20_000, QUIET_PERCENT, 500);
    let result: ScenarioResult | Error;
    try {
      // A fresh room per run: no run pays for the document the previous one grew.
      result = await runScenario(state.server, what, `bench-${(state.rooms += 1)}`);
      log(`  ${state.kind.padEnd(11)} ${summary(result)}`);
    } catch (error) {
      result = asError(error);
      log(`  ${state.kind.padEnd(11)} FAILED ${describe(error)}`);
    }
    if (
      best === undefined ||
      (!(result instanceof Error) && (best instanceof Error || noise(result) < noise(best)))
    )
      best = result;
    if (result instanceof Error || noise(result) <= RETRY_ABOVE_PERCENT) break;
    if (round === 1)
      log(
        `  ${state.kind.padEnd(11)} (other processes took ${noise(result).toFixed(0)}% of a core: once more)`,
      );
  }
  state.runs.set(key, best!);
  return best!;
}

/** One step of the capacity search for one server: false once it stops (and why, in its note). */
function stepPassed(
  state: ServerState,
  clients: number,
  result: ScenarioResult | Error,
  last: boolean,
): boolean {
  if (result instanceof Error) {
    state.capacityNote = `failed at ${clients}`;
    return false;
  }
  if (result.p99Ms > CAPACITY_P99_MS) {
    state.capacityNote = `p99 ${ms(result.p99Ms)} at ${clients}`;
    return false;
  }
  state.capacity = clients;
  if (last) {
    state.capacityNote = 'the cap';
    return false;
  }
  if (result.clientElu > 0.95) {
    state.capacityNote = `the clients' process saturated at ${clients}: the server may hold more`;
    return false;
  }
  return true;
}

async function workspaceOpen(pinned: boolean): Promise<void> {
  // Measured by tests/bench/workspace-open-bench.ts (also npm run bench:workspace-open), which
  // builds the workspace first; here the layout the app uses only, unless asked for all.
  const layouts = process.env.BENCH_WORKSPACE_OPEN ?? 'split';
  log('\n== client: cold open of a 100,000-conversation workspace ==');
  if (layouts === '0') {
    log('  skipped (BENCH_WORKSPACE_OPEN=0)');
    return;
  }
  const script = join(repoRoot(), 'dist/tests/bench/workspace-open-bench.js');
  const env = { ...process.env, BENCH_WORKSPACE_LAYOUTS: layouts === 'all' ? 'all' : 'split' };
  // This process is pinned to the clients' core, and children inherit that: give it every core.
  const all = `0-${cpus().length - 1}`;
  const child = pinned
    ? spawn('taskset', ['-c', all, process.execPath, script], {
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      })
    : spawn(process.execPath, [script], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) log(`  workspace-open-bench exited with ${code}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const taskset = hasTaskset();
  const pinned = taskset && pinClientProcess();
  log(
    pinned
      ? 'servers pinned to core 0 (each its own process), clients (this process) to core 1'
      : `not pinned (${taskset ? 'taskset failed' : 'no taskset'}): servers and clients share the cores`,
  );
  log(
    `warm-up ${WARMUP_MS} ms, measured ${MEASURE_MS} ms per scenario (capacity steps: ${STEP_WARMUP_MS} + ${STEP_MEASURE_MS} ms), then up to 5 s for the last updates`,
  );
  // Other work on the machine (a test suite, a build) would be measured as server latency.
  const load = await waitForQuiet(30_000, QUIET_PERCENT);
  if (load >= QUIET_PERCENT)
    log(
      `the machine is busy: a core is ${load.toFixed(0)}% busy with other work; latencies below are partly theirs`,
    );

  const states: ServerState[] = [];
  try {
    for (const kind of SERVERS) {
      try {
        const server = await launchServer(kind, pinned);
        const state: ServerState = {
          kind,
          server,
          runs: new Map(),
          capacityNote: '',
          stepping: true,
          rooms: 0,
        };
        states.push(state);
        // Memory first, on the fresh process: its RSS with nobody connected is the baseline.
        try {
          state.memory = await memoryPerClient(server, IDLE_CLIENTS, `bench-${(state.rooms += 1)}`);
          log(
            `${kind}: ${(state.memory.bytesPerClient / 1024).toFixed(1)} KiB per idle client (RSS ${(state.memory.idleRss / 2 ** 20).toFixed(0)} MiB with none)`,
          );
        } catch (error) {
          state.memory = asError(error);
          log(`${kind}: memory FAILED ${describe(error)}`);
        }
      } catch (error) {
        log(`${kind}: could not start: ${describe(error)}`);
      }
    }

    // Scenario by scenario, every server in turn: the background load of the machine drifts, and
    // runs side by side see the same.
    for (const target of TARGETS) {
      log(`\n${target.scenario.name}:`);
      for (const state of states) await attempt(state, target.key, target.scenario);
    }

    // Capacity: more clients at 10 updates/s each until p99 passes 100 ms (or deliveries fail, or
    // the clients' own process saturates and can no longer tell). 20 and 100 are measured above.
    const steps = STEPS.filter((count) => count <= MAX_CLIENTS);
    for (const [index, clients] of steps.entries()) {
      const stepping = states.filter((state) => state.stepping);
      if (stepping.length === 0) break;
      const key = clients === 20 ? 's20' : clients === 100 ? 's100' : `cap${clients}`;
      const what: Scenario = {
        ...scenario(`${clients} clients × 10 updates/s`, clients, 10),
        warmupMs: STEP_WARMUP_MS,
        measureMs: STEP_MEASURE_MS,
      };
      if (stepping.some((state) => !state.runs.has(key))) log(`\ncapacity step, ${what.name}:`);
      for (const state of stepping) {
        const result = state.runs.get(key) ?? (await attempt(state, key, what));
        state.stepping = stepPassed(state, clients, result, index === steps.length - 1);
        if (!state.stepping && result !== undefined && state.capacity === undefined)
          state.capacity = 0;
      }
    }
  } finally {
    for (const state of states) {
      await state.server.stop();
      const lines = state.server.stderrLines().filter((line) => line.trim() !== '');
      if (lines.length > 0)
        log(`${state.kind} logged ${lines.length} line(s) on stderr, the first: ${lines[0]}`);
    }
  }

  printTable(states);
  await workspaceOpen(pinned);
  log(`\nbench:collab took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function printTable(states: readonly ServerState[]): void {
  const ours = states.find((state) => state.kind === OURS);
  const stock = states.filter((state) => state.kind !== OURS);
  const ordered = [...(ours ? [ours] : []), ...stock];
  const run = (state: ServerState | undefined, key: string) => state?.runs.get(key);
  const latency = (
    result: ScenarioResult | Error | undefined,
    which: 'p50Ms' | 'p99Ms',
  ): number | undefined =>
    result === undefined
      ? undefined
      : result instanceof Error
        ? Number.POSITIVE_INFINITY
        : result[which];
  const show = (value: number | undefined, failed: boolean) =>
    value === undefined ? '-' : failed ? 'failed' : ms(value);
  // Lower is better for latency and memory: ours ÷ theirs below 1 is ours ahead.
  const ratio = (a: number | undefined, b: number | undefined): string => {
    if (a === undefined || b === undefined) return '-';
    if (!Number.isFinite(a) && !Number.isFinite(b)) return 'both lost';
    if (!Number.isFinite(b)) return '0 (theirs lost)';
    if (!Number.isFinite(a)) return '∞';
    return `${(a / b).toFixed(2)}×`;
  };

  const header = [
    '',
    ...ordered.map((state) => state.kind),
    ...stock.map((state) => `ours ÷ ${state.kind}`),
    'target (ours)',
  ];
  const rows: string[][] = [];
  for (const target of TARGETS) {
    for (const which of ['p50Ms', 'p99Ms'] as const) {
      const ourValue = latency(run(ours, target.key), which);
      rows.push([
        `${target.scenario.name}, ${which === 'p50Ms' ? 'p50' : 'p99'}`,
        ...ordered.map((state) =>
          show(latency(run(state, target.key), which), run(state, target.key) instanceof Error),
        ),
        ...stock.map((state) => ratio(ourValue, latency(run(state, target.key), which))),
        which === 'p99Ms' && ourValue !== undefined
          ? verdict(ourValue <= target.p99Ms, `≤ ${target.p99Ms} ms`)
          : '',
      ]);
    }
  }
  if (ours?.capacity !== undefined) {
    rows.push([
      `most clients at 10 updates/s with p99 ≤ ${CAPACITY_P99_MS} ms`,
      ...ordered.map((state) =>
        state.capacity === undefined
          ? '-'
          : `${state.capacity}${state.capacityNote ? ` (${state.capacityNote})` : ''}`,
      ),
      // Higher is better here: ours ÷ theirs above 1 is ours ahead.
      ...stock.map((state) =>
        state.capacity === undefined
          ? '-'
          : state.capacity === 0
            ? '∞'
            : `${(ours.capacity! / state.capacity).toFixed(2)}×`,
      ),
      verdict(ours.capacity >= 100, '≥ 100 (the 100-client target)'),
    ]);
  }
  const kib = (state: ServerState | undefined) =>
    state?.memory && !(state.memory instanceof Error)
      ? state.memory.bytesPerClient / 1024
      : undefined;
  rows.push([
    `server memory per idle client (${IDLE_CLIENTS} clients)`,
    ...ordered.map((state) =>
      state.memory instanceof Error ? 'failed' : `${kib(state)?.toFixed(1)} KiB`,
    ),
    ...stock.map((state) => {
      const theirs = kib(state);
      const mine = kib(ours);
      return mine === undefined || theirs === undefined || theirs <= 0
        ? '-'
        : `${(mine / theirs).toFixed(2)}×`;
    }),
    '',
  ]);
  const busiest = (state: ServerState) =>
    Math.max(
      0,
      ...[...state.runs.values()].map((result) =>
        result instanceof Error
          ? 0
          : Math.max(result.foreignCpu.serverCore, result.foreignCpu.clientCore),
      ),
    );
  rows.push([
    'other processes on the cores (worst run)',
    ...ordered.map((state) => `${busiest(state).toFixed(0)}%`),
    ...stock.map(() => ''),
    ordered.some((state) => busiest(state) > QUIET_PERCENT)
      ? `noisy: above ${QUIET_PERCENT}%, latencies are partly theirs`
      : 'quiet',
  ]);

  const widths = header.map((_, index) =>
    Math.max(...[header, ...rows].map((row) => (row[index] ?? '').length)),
  );
  const format = (row: string[]) =>
    row
      .map((text, index) =>
        index === 0 || index === row.length - 1
          ? text.padEnd(widths[index]!)
          : text.padStart(widths[index]!),
      )
      .join('  ');
  log(
    '\n== sync server: propagation latency to every other client (lower is better), capacity, memory ==',
  );
  log(format(header).trimEnd());
  for (const row of rows) log(format(row).trimEnd());
  log('(a delivery still missing 5 s after the last send counts as infinitely late: ∞)');
}

function verdict(ok: boolean, target: string): string {
  return `${ok ? 'meets' : 'MISSES'} target ${target}`;
}

await main();
