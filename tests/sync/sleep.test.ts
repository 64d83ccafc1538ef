import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/sync/sync-runner.js';

describe('sleep (the sync loops’ backoff)', () => {
  it('leaves no listener on the signal once a wait is over: a retry loop does not pile them up', async () => {
    const controller = new AbortController();
    for (let wait = 0; wait < 20; wait += 1) await sleep(1, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('ends early when the signal aborts', async () => {
    const controller = new AbortController();
    const waited = sleep(60_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await waited;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
