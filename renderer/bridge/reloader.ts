/**
 * Loads something again when asked, one load at a time: asked while a load runs, it loads once
 * more after it, so what is shown is never older than the last ask. `soon()` waits `debounceMs`
 * first, gathering a burst of events into one load (the window does not move with each ask, so a
 * steady stream still loads every `debounceMs`); `now()` does not wait.
 *
 * `load` handles its own errors (it decides what the page shows of them).
 */
export interface Reloader {
  now: () => void;
  soon: () => void;
  stop: () => void;
}

export function createReloader(load: () => Promise<void>, debounceMs: number): Reloader {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;

  const run = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void load().finally(() => {
      running = false;
      if (!again) return;
      again = false;
      run();
    });
  };

  return {
    now: run,
    soon: () => {
      if (timer === undefined && !stopped) timer = setTimeout(run, debounceMs);
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
