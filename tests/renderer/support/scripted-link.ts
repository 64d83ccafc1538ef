import type { AppEvent, MethodInput, MethodName, MethodOutput } from '../../../src/app/index.js';
import type { AppLink } from '../../../renderer/app-link.js';

/*
 * A page's link whose answers a test writes, method by method (a promise each, so a test can
 * hold an answer back and release it later): for what the overlays do with the timing and the
 * refusals of calls. Unscripted methods are refused, as the app refuses a call it cannot do.
 */

export type Script = { [M in MethodName]?: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

export interface ScriptedLink extends AppLink {
  readonly calls: Array<{ method: MethodName; params: unknown }>;
  emit(event: AppEvent): void;
}

export function scriptedLink(script: Script): ScriptedLink {
  const calls: ScriptedLink['calls'] = [];
  const listeners = new Set<(event: AppEvent) => void>();
  return {
    calls,
    state: 'online',
    call<M extends MethodName>(method: M, params?: MethodInput<M>): Promise<MethodOutput<M>> {
      calls.push({ method, params });
      const answer: ((input: MethodInput<M>) => Promise<MethodOutput<M>>) | undefined =
        script[method];
      if (!answer) return Promise.reject(new Error(`not scripted: ${method}`));
      return answer((params ?? {}) as MethodInput<M>);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onState: () => () => undefined,
    emit(event) {
      for (const listener of [...listeners]) listener(event);
    },
  };
}

/** A refusal as the app's link gives it: its message, its code, the field at fault. */
export function refusal(code: string, message: string, field?: string): Error {
  return Object.assign(new Error(message), { code, field });
}

/** A promise and the functions that settle it, for an answer held back. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}
