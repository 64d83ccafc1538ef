import type { TeamMember } from '../../../../src/app/index.js';
import { sameAddress } from './address.js';

/**
 * The contract names teammates by address (assignee, note authors, last reply); the screen says
 * their names. An address no teammate has (someone who left) is shown as it is.
 */
export function teammateName(email: string, teammates: readonly TeamMember[]): string {
  return teammates.find((member) => sameAddress(member.email, email))?.name || email;
}
