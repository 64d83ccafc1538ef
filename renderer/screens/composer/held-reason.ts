import type { OutboxItem, TeamMember } from '../../../src/app/index.js';
import { listTime } from '../../model/list-time.js';

/*
 * A held reply's reason in people's words, from what the collision guard found (OutboxItem.held:
 * what happened, who, when): a teammate by name, the time as lists show it. The app's sentence
 * (`reason`) is the fallback for what carries no finding (an unknown outcome, a failure).
 */

export type HeldFinding = NonNullable<OutboxItem['held']>;

/** The teammate the reply was held for, to show by name and face; none for the customer. */
export function heldBy(
  held: HeldFinding | undefined,
  teammates: readonly TeamMember[],
): TeamMember | undefined {
  if (!held || held.kind === 'customer-wrote') return undefined;
  const who = held.who.toLowerCase();
  return teammates.find((member) => member.email.toLowerCase() === who);
}

/** Why it is held, as a sentence; `reason` (the app's words) where the finding is not known. */
export function heldInWords(
  held: HeldFinding | undefined,
  reason: string | undefined,
  who: TeamMember | undefined,
  now: Date = new Date(),
): string {
  if (!held) return sentence(reason ?? '');
  const name = who?.name || held.who;
  const at = listTime(held.at, now);
  switch (held.kind) {
    case 'teammate-replied':
      return `${name} replied at ${at}, after you started this reply.`;
    case 'teammate-replying':
      return `${name} is replying to this conversation right now.`;
    case 'customer-wrote':
      return `${name} wrote again at ${at}, after you started this reply.`;
  }
}

const sentence = (text: string) => (!text || text.endsWith('.') ? text : `${text}.`);
