import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/*
 * What /proc says about the processes of a run and about the machine: the benchmark shares its
 * two cores with whatever else runs (other test suites, builds), and a latency measured while
 * something else held a core is the other process's, not the server's. So every run reports
 * how busy each core was with work that was neither the server's nor the clients'.
 */

/** VmRSS of a process, in bytes. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

const CLOCK_TICKS = (() => {
  const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(result.stdout?.trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat: the command name (field 2) may hold spaces, fields count from its ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export interface CoreTimes {
  /** Seconds each core spent busy (anything but idle and iowait), by core number. */
  busy: number[];
  /** Seconds the hypervisor ran something else instead of each core ("steal"). */
  steal: number[];
}

/** Cumulative per-core times from /proc/stat. */
export function coreTimes(): CoreTimes {
  const busy: number[] = [];
  const steal: number[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (!match) continue;
    // user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user).
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, stolen = 0] = match[2]!
      .split(' ')
      .map(Number);
    const core = Number(match[1]);
    busy[core] = (user + nice + system + irq + softirq) / CLOCK_TICKS;
    steal[core] = stolen / CLOCK_TICKS;
  }
  return { busy, steal };
}

/** Per-core busy and steal between two readings, in % of the elapsed `seconds`. */
export function coreLoad(
  before: CoreTimes,
  after: CoreTimes,
  seconds: number,
): { busy: number[]; steal: number[] } {
  const percent = (a: number[], b: number[]) =>
    b.map((value, core) => ((value - (a[core] ?? 0)) / seconds) * 100);
  return { busy: percent(before.busy, after.busy), steal: percent(before.steal, after.steal) };
}

/**
 * Waits (up to `maxMs`) until the machine is quiet: every core less than `busyPercent` busy over
 * `sampleMs`. Returns the busiest core's load at the last look.
 */
export async function waitForQuiet(
  maxMs: number,
  busyPercent: number,
  sampleMs = 1000,
): Promise<number> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const before = coreTimes();
    await new Promise((resolve) => setTimeout(resolve, sampleMs));
    const load = Math.max(...coreLoad(before, coreTimes(), sampleMs / 1000).busy);
    if (load < busyPercent || performance.now() >= deadline) return load;
  }
}
