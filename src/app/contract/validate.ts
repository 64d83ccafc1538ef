import type { z } from 'zod';
import { UserError } from '../../errors.js';
import { METHOD_INPUTS, type MethodInput, type MethodName } from './inputs.js';

/**
 * Checks a call's input against the contract, at the facade's door (so a direct call, the CLI and
 * the dispatcher are held to the same rules). Refused input is a UserError('invalid') naming the
 * field at fault.
 */
export function parseInput<M extends MethodName>(method: M, input: unknown): MethodInput<M> {
  const schema = METHOD_INPUTS[method] as unknown as z.ZodType<MethodInput<M>>;
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const field = [...path, issue.keys[0] ?? ''].join('.');
    throw new UserError('invalid', `${field} is not part of ${method}`, { field });
  }
  const field = path.join('.');
  throw new UserError('invalid', `${field || method}: ${issue.message}`, {
    ...(field ? { field } : {}),
  });
}
