/*
 * A canned response put into the shared draft, its `{{variables}}` filled with what the page
 * knows, so the agent and teammates co-edit the very text that goes. Why here and not at send:
 * the contract fills variables only for `outbox.reply {canned}`, which sends the template alone
 * and not the draft, and a draft's text goes as written. The variables are the core's
 * (src/compose/canned-response.ts); one with no value here stays as written, and the composer
 * will not send a draft that still holds one.
 */

/** What the variables are filled with (a missing or blank value leaves the variable as is). */
export type CannedValues = Partial<Record<string, string | null | undefined>>;

/** What the page knows of a reply, for its variables. */
export interface CannedContext {
  /** The reply's first recipient: the customer greeted. */
  contact: { address: string; name?: string } | undefined;
  /** This app's member. */
  agent: { name: string };
  /** The shared mailbox the reply goes from, when the page can tell which. */
  mailbox: { name: string; email: string } | undefined;
  subject: string;
}

/** The variables' values, as the core names them (src/compose/canned-response.ts). */
export function cannedValues({ contact, agent, mailbox, subject }: CannedContext): CannedValues {
  return {
    'contact.name': contact?.name,
    'contact.firstName': greetingName(contact?.name),
    'contact.email': contact?.address,
    'agent.name': agent.name,
    'agent.firstName': greetingName(agent.name),
    'mailbox.name': mailbox?.name,
    'mailbox.email': mailbox?.email,
    'conversation.subject': subject,
  };
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/gu;

export function fillCanned(template: string, values: CannedValues): string {
  return template.replace(PLACEHOLDER, (placeholder, variable: string) => {
    const value = values[variable]?.trim();
    return value ? value : placeholder;
  });
}

/** The variables still in a text, each once, as written between the braces. */
export function unfilledVariables(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
}

/** Whom to greet: the first word of a name (`Smith, Judy`: Judy); none for a bare address. */
export function greetingName(name: string | null | undefined): string | undefined {
  const trimmed = (name ?? '').replace(/^["'\s]+|["'\s]+$/gu, '');
  if (!trimmed || trimmed.includes('@')) return undefined;
  const [family, given] = trimmed.split(',', 2).map((part) => part.trim());
  return (given || family)?.split(/\s+/u)[0]?.replace(/[.,;:]+$/u, '') || undefined;
}
