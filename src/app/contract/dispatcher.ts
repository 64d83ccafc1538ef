import { isUserError, type ErrorCode } from '../../errors.js';
import type { Logger } from '../platform.js';
import type { Switchboard } from '../open-switchboard.js';
import type { AppEvent } from './events.js';
import { METHOD_INPUTS, type MethodName } from './inputs.js';
import { splitMethod } from './api.js';

/** An error as it crosses a transport: what a front end shows and branches on. */
export interface WireError {
  /** `internal`: a bug of Switchboard's (logged where it happened), nothing the user did. */
  code: ErrorCode | 'internal';
  message: string;
  /** The input field at fault, as a dotted path. */
  field?: string;
}

export type CallResponse = { ok: true; result: unknown } | { ok: false; error: WireError };

export interface Dispatcher {
  /**
   * Runs one call, `{ method, params }`, as any transport receives it (parsed JSON, trusted in
   * nothing): unknown methods and invalid input are refused, naming the field; errors become
   * `{ code, message }`. Never throws.
   */
  handle(request: unknown): Promise<CallResponse>;
  /** The application's events, for a transport to push to its front end. */
  subscribe(listener: (event: AppEvent) => void): () => void;
}

/**
 * The transport-neutral side of every front end's door: the Electron main process and the
 * browser host hand it what arrives and send back what it answers.
 */
export function createDispatcher(app: Switchboard, logger: Logger): Dispatcher {
  return {
    async handle(request) {
      const { method, params } = (request ?? {}) as { method?: unknown; params?: unknown };
      if (typeof method !== 'string' || !Object.hasOwn(METHOD_INPUTS, method))
        return refuse({
          code: 'usage',
          message: `unknown method: ${typeof method === 'string' ? method : String(method)}`,
          field: 'method',
        });
      const [service, name] = splitMethod(method as MethodName);
      const methods = app[service] as
        Record<string, ((input?: unknown) => Promise<unknown>) | undefined> | undefined;
      const call = methods?.[name];
      if (!call)
        return refuse({ code: 'usage', message: `unknown method: ${method}`, field: 'method' });
      try {
        const result = await call(params);
        return { ok: true, result: result ?? null };
      } catch (error) {
        if (isUserError(error))
          return refuse({
            code: error.code,
            message: error.message,
            ...(error.field ? { field: error.field } : {}),
          });
        logger.error(`${method} failed`, error);
        return refuse({ code: 'internal', message: `internal error in ${method}` });
      }
    },
    subscribe: (listener) => app.subscribe(listener),
  };
}

const refuse = (error: WireError): CallResponse => ({ ok: false, error });
