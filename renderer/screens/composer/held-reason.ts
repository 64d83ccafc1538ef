import type { TeamMember } from '../../../src/app/index.js';

/*
 * A held reply's reason in people's words. The app says who by address ("ada@example.com
 * replied to this conversation since this reply was started"); a teammate is shown by name.
 */

/**
 * The teammate the reason names, to show by name and face; none when it names someone else (the
 * customer who wrote again).
 */
export function teammateNamed(
  reason: string | undefined,
  teammates: readonly TeamMember[],
): TeamMember | undefined {
  const text = (reason ?? '').toLowerCase();
  return teammates.find((member) => member.email && text.includes(member.email.toLowerCase()));
}

/** The reason as a sentence, a teammate's address replaced by their name. */
export function reasonInWords(reason: string | undefined, who: TeamMember | undefined): string {
  if (!reason) return '';
  const said = who?.name ? reason.split(who.email).join(who.name) : reason;
  return said.endsWith('.') ? said : `${said}.`;
}
