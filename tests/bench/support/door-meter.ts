import type { Dispatcher } from '../../../src/app/contract/dispatcher.js';
import type { MethodName } from '../../../src/app/contract/inputs.js';
import { parseInput } from '../../../src/app/contract/validate.js';
import type { Switchboard } from '../../../src/app/open-switchboard.js';

/**
 * The door's own time within each call, which comparing whole calls cannot show below the
 * run's noise (a 30 ms search's p95 moves by more than the door costs): the dispatcher's
 * `handle()` timed around, minus the facade method it reached timed inside (what the core does
 * and waits for is not in it), plus the contract's check of the same input (`parseInput`, the
 * facade method's first step, timed apart after the run so the timed call runs it once).
 */
export class DoorMeter {
  private inner = 0;
  private readonly calls: Array<{ method: MethodName; params: unknown; around: number }> = [];

  /** The facade whose every method's time is counted as inside the door. */
  wrap(app: Switchboard): Switchboard {
    return new Proxy(app, {
      get: (target, key, receiver) => {
        const service: unknown = Reflect.get(target, key, receiver);
        if (typeof service !== 'object' || service === null) return service;
        return new Proxy(service, {
          get: (methods, name, methodsReceiver) => {
            const method: unknown = Reflect.get(methods, name, methodsReceiver);
            if (typeof method !== 'function') return method;
            return async (input: unknown) => {
              const started = performance.now();
              try {
                return (await method.call(methods, input)) as unknown;
              } finally {
                this.inner += performance.now() - started;
              }
            };
          },
        });
      },
    });
  }

  /** A call through `dispatcher` (made over `wrap(app)`), its door time recorded. */
  async call(dispatcher: Dispatcher, method: MethodName, params: unknown): Promise<unknown> {
    this.inner = 0;
    const started = performance.now();
    const response = await dispatcher.handle({ method, params });
    this.calls.push({ method, params, around: performance.now() - started - this.inner });
    if (!response.ok) throw new Error(`${method} refused: ${JSON.stringify(response.error)}`);
    return response.result;
  }

  /** The door's time of each call recorded since the last take, in ms; then forgets them. */
  take(): number[] {
    const samples = this.calls.map(({ method, params, around }) => {
      const started = performance.now();
      parseInput(method, params);
      return around + performance.now() - started;
    });
    this.calls.length = 0;
    return samples;
  }
}
