/**
 * `switchboard serve` for bench:ui: the real executable, run from a snapshot of the build taken
 * when the benchmark starts (bin/, dist/src, dist/renderer, package.json, node_modules linked).
 * A build that replaces dist/ meanwhile (another `npm run build` in the same checkout) would
 * otherwise swap the renderer's chunks, or the host's modules, under a measurement.
 */
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../../helpers/repo-root.js';
import { spawnUntilLine, type WatchedProcess } from '../../helpers/watched-process.js';
import { cpuSeconds } from './proc-stats.js';

export interface BuildSnapshot {
  /** The snapshot's bin/switchboard.js. */
  bin: string;
}

/** Copies the build this benchmark runs from into `dir` (created). */
export function snapshotBuild(dir: string): BuildSnapshot {
  const root = repoRoot(import.meta.url);
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html')))
    throw new Error(`${root}/dist/renderer is missing: run npm run build first`);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  for (const part of ['bin', 'package.json', join('dist', 'src'), join('dist', 'renderer')])
    cpSync(join(root, part), join(dir, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { bin: join(dir, 'bin', 'switchboard.js') };
}

export interface Served extends WatchedProcess {
  /** The URL `serve` printed last (it carries the launch key). */
  url: string;
  /**
   * Waits (up to `maxMs`) until the process has settled: its first sync pass, the team
   * connection and the cache's warm-up done, under `percent` of a core for two seconds running.
   * Returns how long that took, in ms.
   */
  settled(maxMs: number, percent?: number): Promise<number>;
  /** Stops it (SIGTERM, then SIGKILL after a grace period) and waits for its end. */
  stop(): Promise<void>;
}

/** The line `serve` prints last on stdout: the URL to open, with the key. */
const URL_LINE = /^(https?:\/\/\S+\?key=\S+)$/m;
const START_MS = 120_000;
const STOP_GRACE_MS = 10_000;

/** `switchboard serve --data DIR` on a free port, with `env` added to this process's. */
export async function startServe(
  snapshot: BuildSnapshot,
  dataDir: string,
  env: Record<string, string>,
): Promise<Served> {
  // BENCH_UI_SERVE_PROFILE=DIR: serve's CPU profile is written there as it stops (where its event
  // loop went while the page waited).
  const profile = process.env.BENCH_UI_SERVE_PROFILE;
  const started = await spawnUntilLine(
    [
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      snapshot.bin,
      'serve',
      '--data',
      dataDir,
      '--port',
      '0',
    ],
    URL_LINE,
    { what: 'switchboard serve', timeoutMs: START_MS, env: { ...process.env, ...env } },
  );
  const { child, exited } = started;
  return {
    ...started,
    url: started.match[1]!,
    async settled(maxMs, percent = 10) {
      const begun = performance.now();
      let quiet = 0;
      let before = cpuSeconds(child.pid!);
      while (quiet < 2 && performance.now() - begun < maxMs) {
        await sleep(1000);
        const now = cpuSeconds(child.pid!);
        quiet = (now - before) * 100 < percent ? quiet + 1 : 0;
        before = now;
      }
      return performance.now() - begun;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
