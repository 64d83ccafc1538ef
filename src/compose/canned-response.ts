import { UserError } from '../errors.js';
import type { Address } from './compose-types.js';
import { firstNameOf } from './first-name.js';

/**
 * What a canned response's variables are filled from. A value that is missing or blank is "no
 * value": the response is not rendered with a hole in it.
 */
export interface CannedValues {
  contact?: { firstName?: string | null; name?: string | null; email?: string | null };
  agent?: { name?: string | null; firstName?: string | null };
  mailbox?: { name?: string | null; email?: string | null };
  conversation?: { subject?: string | null };
}

/** The variables a canned response may use, as written between the braces. */
export const CANNED_VARIABLES = [
  'contact.firstName',
  'contact.name',
  'contact.email',
  'agent.name',
  'agent.firstName',
  'mailbox.name',
  'mailbox.email',
  'conversation.subject',
] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];

// `{{ contact.firstName }}`: blanks inside the braces are allowed, anything else is a name.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/gu;

/**
 * The template with every `{{variable}}` replaced by its value. An unknown variable or one with
 * no value stops the send with a UserError('invalid') naming every such variable (and the canned
 * response, when `name` is given): a customer never gets `Hello ,`.
 */
export function renderCanned(
  template: string,
  values: CannedValues,
  name?: string,
  /** What the template is, for the refusal (a shared draft's text is filled the same way). */
  what = 'canned response',
): string {
  const problems = new Map<string, string>();
  const rendered = template.replace(PLACEHOLDER, (placeholder, variable: string) => {
    const value = isCannedVariable(variable) ? valueOf(values, variable) : undefined;
    if (value !== undefined) return value;
    problems.set(
      variable,
      isCannedVariable(variable)
        ? `{{${variable}}} has no value`
        : `{{${variable}}} is not a known variable (known: ${CANNED_VARIABLES.join(', ')})`,
    );
    return placeholder;
  });
  if (problems.size === 0) return rendered;
  const which = name === undefined ? what : `${what} "${name}"`;
  throw new UserError('invalid', `${which}: ${[...problems.values()].join('; ')}`);
}

/** The values for a reply to `contact` by `agent` from `mailbox`, first names derived. */
export function cannedValuesFor(input: {
  contact: Address | null;
  agent: Address;
  mailbox: Address;
  subject: string;
}): CannedValues {
  return {
    contact: {
      name: input.contact?.name,
      firstName: firstNameOf(input.contact?.name),
      email: input.contact?.address,
    },
    agent: { name: input.agent.name, firstName: firstNameOf(input.agent.name) },
    mailbox: { name: input.mailbox.name, email: input.mailbox.address },
    conversation: { subject: input.subject },
  };
}

const isCannedVariable = (variable: string): variable is CannedVariable =>
  (CANNED_VARIABLES as readonly string[]).includes(variable);

function valueOf(values: CannedValues, variable: CannedVariable): string | undefined {
  const [group, key] = variable.split('.') as [keyof CannedValues, string];
  const value = (values[group] as Record<string, string | null | undefined> | undefined)?.[key];
  return value === null || value === undefined || value.trim() === '' ? undefined : value;
}
