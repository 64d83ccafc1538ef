import type { MethodInput, MethodName } from './inputs.js';
import type { MethodOutput } from './outputs.js';

/*
 * The facade's shape, derived from the contract: `mail.search` is `switchboard.mail.search(input)`.
 * The facade, the dispatcher and every transport are held to the one list of methods.
 */

type ServiceOf<M extends string> = M extends `${infer S}.${string}` ? S : never;
type NameOf<M extends string> = M extends `${string}.${infer N}` ? N : never;

export type ServiceName = ServiceOf<MethodName>;

/** One method of the facade: takes the contract's input, answers the contract's output. */
export type ApiMethod<M extends MethodName> = (input?: MethodInput<M>) => Promise<MethodOutput<M>>;

export type SwitchboardApi = {
  [S in ServiceName]: {
    [M in MethodName as ServiceOf<M> extends S ? NameOf<M> : never]: ApiMethod<M>;
  };
};

/** `mail.search` → ['mail', 'search']. */
export function splitMethod(method: MethodName): [ServiceName, string] {
  const dot = method.indexOf('.');
  return [method.slice(0, dot) as ServiceName, method.slice(dot + 1)];
}
