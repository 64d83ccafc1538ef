import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { LatencyHistogram } from './latency-histogram.js';
import { entryKey, LeanClient, nowUs } from './lean-client.js';
import { coreLoad, coreTimes, cpuSeconds, rssBytes } from './proc-stats.js';
import { CLIENT_CORE, SERVER_CORE, type LaunchedServer } from './server-launchers.js';

export interface Scenario {
  /** Row label. */
  name: string;
  clients: number;
  updatesPerSecond: number;
  /** Awareness state set on connect and renewed every 1–2 s (jittered) by every client. */
  presence: boolean;
  warmupMs: number;
  measureMs: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  server: string;
  /** Every client saw every other client's probe update before the run (see verify). */
  verified: string;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Updates sent per second by all clients together, in the measured window. */
  sentPerSecond: number;
  /** Deliveries (one update at one other client) that arrived before the drain ended. */
  deliveredRatio: number;
  /** Frames all clients received per second: what the server sent. */
  framesPerSecond: number;
  /** The server process's CPU, % of one core, in the measured window. */
  serverCpu: number;
  /** The client process's event loop utilisation (1 = saturated: latencies are then the client's). */
  clientElu: number;
  /** p99 of the client process's event-loop delay: how late this process could read a frame. */
  clientLoopDelayP99Ms: number;
  /**
   * % of the server's and of the clients' core used by other processes (and stolen by the
   * hypervisor) in the window: above a few %, the latencies are partly theirs.
   */
  foreignCpu: { serverCore: number; clientCore: number };
  /** Clients the server closed or dropped during the run, by close code. */
  lost: Record<string, number>;
}

/** How long the last measured updates may take to arrive before they count as lost. */
const DRAIN_MS = 5000;
/** Connections opened at once: enough to be quick, few enough not to look like a SYN flood. */
const CONNECT_CONCURRENCY = 25;

/**
 * One scenario against one server: connect the clients, check that updates really reach every
 * other client, warm up, measure, let the last updates arrive, close.
 */
export async function runScenario(
  server: LaunchedServer,
  scenario: Scenario,
  room: string,
): Promise<ScenarioResult> {
  const n = scenario.clients;
  const histogram = new LatencyHistogram();
  // Per (receiver, sender): the last sequence seen, so that a delivery counts once even if a
  // server sends the same change twice (ours sends merged batches to their senders too).
  const lastSeen = new Int32Array(n * n).fill(-1);
  let windowStartUs = Number.POSITIVE_INFINITY;
  let windowEndUs = Number.POSITIVE_INFINITY;
  let delivered = 0;
  let probesDelivered = 0;
  const lost: Record<string, number> = {};

  const clients: LeanClient[] = [];
  for (let index = 0; index < n; index += 1) {
    clients.push(
      new LeanClient({
        index,
        framing: server.framing,
        room,
        onMarker(receiver, sender, seq, sentUs, now) {
          if (receiver === sender || sender >= n) return;
          const slot = receiver * n + sender;
          if (seq <= lastSeen[slot]!) return;
          lastSeen[slot] = seq;
          if (seq === 0) probesDelivered += 1;
          else if (sentUs >= windowStartUs && sentUs < windowEndUs) {
            delivered += 1;
            histogram.record(now - sentUs);
          }
        },
        onLost(_client, code) {
          lost[code] = (lost[code] ?? 0) + 1;
        },
      }),
    );
  }

  const timers: NodeJS.Timeout[] = [];
  try {
    await connectAll(clients, scenario.presence);

    // Verification: one probe update per client (sequence 0), which must reach all the others
    // before any latency of this lean client is trusted.
    // The first client also applies what it receives to a real Y.Doc, which must end up with
    // every other client's probe: the frames are valid updates, not just bytes with markers.
    clients[0]!.startMirror();
    for (const client of clients) client.sendUpdate(0);
    const expectedProbes = n * (n - 1);
    const verifyDeadline = performance.now() + 15_000;
    while (probesDelivered < expectedProbes && performance.now() < verifyDeadline) await sleep(20);
    const verified = `${probesDelivered}/${expectedProbes}`;
    if (probesDelivered < expectedProbes)
      throw new Error(`${server.name}: only ${verified} probe updates reached the other clients`);
    const replica = clients[0]!.stopMirror();
    const replicated = clients
      .slice(1)
      .filter((client) =>
        replica.get(entryKey(client.index))?.startsWith(`~b${client.index}:0:`),
      ).length;
    if (replicated !== n - 1)
      throw new Error(
        `${server.name}: a Y.Doc replica holds ${replicated} of ${n - 1} other clients' probes`,
      );

    // Load: each client on its own period, at a random phase, so sends spread evenly.
    let sentInWindow = 0;
    const periodMs = 1000 / scenario.updatesPerSecond;
    for (const client of clients) {
      let seq = 0;
      const tick = () => {
        seq += 1;
        const at = nowUs();
        client.sendUpdate(seq);
        if (at >= windowStartUs && at < windowEndUs) sentInWindow += 1;
      };
      const phase = setTimeout(
        () => timers.push(setInterval(tick, periodMs)),
        Math.random() * periodMs,
      );
      timers.push(phase);
      if (scenario.presence) {
        // The stock client renews every 15 s; 1–2 s (jittered) makes renewals matter in a
        // 10-second run, and lets them pile up at times as they do with many clients.
        const renew = () => {
          client.sendAwareness();
          timers.push(setTimeout(renew, 1000 + Math.random() * 1000));
        };
        timers.push(setTimeout(renew, Math.random() * 1500));
      }
    }

    await sleep(scenario.warmupMs);
    const frames0 = clients.reduce((sum, client) => sum + client.frames, 0);
    const cpu0 = cpuSeconds(server.pid);
    const ownCpu0 = process.cpuUsage();
    const cores0 = coreTimes();
    const elu0 = performance.eventLoopUtilization();
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    windowStartUs = nowUs();
    await sleep(scenario.measureMs);
    windowEndUs = nowUs();
    for (const timer of timers.splice(0)) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    const windowS = (windowEndUs - windowStartUs) / 1e6;
    const cpu1 = cpuSeconds(server.pid);
    const ownCpu = process.cpuUsage(ownCpu0);
    const cores = coreLoad(cores0, coreTimes(), windowS);
    const elu = performance.eventLoopUtilization(elu0);
    loopDelay.disable();
    const serverCpu = ((cpu1 - cpu0) / windowS) * 100;
    const clientCpu = ((ownCpu.user + ownCpu.system) / 1e6 / windowS) * 100;
    const frames1 = clients.reduce((sum, client) => sum + client.frames, 0);

    const expected = sentInWindow * (n - 1);
    const drainDeadline = performance.now() + DRAIN_MS;
    while (delivered < expected && performance.now() < drainDeadline) await sleep(20);
    histogram.recordLost(expected - delivered);

    return {
      scenario,
      server: server.name,
      verified,
      p50Ms: histogram.percentileMs(0.5),
      p99Ms: histogram.percentileMs(0.99),
      maxMs: delivered < expected ? Number.POSITIVE_INFINITY : histogram.maxUs / 1000,
      sentPerSecond: sentInWindow / windowS,
      deliveredRatio: expected === 0 ? 1 : delivered / expected,
      framesPerSecond: (frames1 - frames0) / windowS,
      serverCpu,
      clientElu: elu.utilization,
      clientLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      foreignCpu: {
        serverCore:
          Math.max(0, (cores.busy[SERVER_CORE] ?? 0) - serverCpu) + (cores.steal[SERVER_CORE] ?? 0),
        clientCore:
          Math.max(0, (cores.busy[CLIENT_CORE] ?? 0) - clientCpu) + (cores.steal[CLIENT_CORE] ?? 0),
      },
      lost,
    };
  } finally {
    for (const timer of timers) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    await Promise.all(clients.map((client) => client.close()));
  }
}

/**
 * Server memory per connected client: the server's RSS with `count` idle clients (synced, their
 * presence set once, as a y-websocket client connects) minus its RSS with none, divided by count.
 */
export async function memoryPerClient(
  server: LaunchedServer,
  count: number,
  room: string,
): Promise<{ bytesPerClient: number; idleRss: number }> {
  await sleep(1000);
  const idleRss = rssBytes(server.pid);
  const clients = Array.from(
    { length: count },
    (_, index) =>
      new LeanClient({ index, framing: server.framing, room, onMarker: () => undefined }),
  );
  try {
    await connectAll(clients, true);
    // Let the connection bursts' garbage be collected and the buffers settle.
    await sleep(3000);
    const loadedRss = rssBytes(server.pid);
    return { bytesPerClient: (loadedRss - idleRss) / count, idleRss };
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

async function connectAll(clients: readonly LeanClient[], presence: boolean): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < clients.length) {
      const client = clients[next++]!;
      await client.connect();
      if (presence) client.sendAwareness();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, clients.length) }, worker));
}
