import type { Member } from './model.js';

/** `@` + an address, at the start or after a character that cannot end an address. */
const MENTION =
  /(?:^|[^A-Za-z0-9._%+-])@([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

/**
 * The members a note mentions: `@alice@example.com` in its text, matched case-insensitively
 * against the emails of active members, in order of first mention. Addresses of no member are
 * plain text. Resolved when the note is written, so the mention stays with the member it meant
 * even if emails change later.
 */
export function parseMentions(text: string, members: readonly Member[]): string[] {
  const byEmail = new Map(
    members.filter((m) => !m.removed).map((m) => [m.email.toLowerCase(), m.id]),
  );
  const ids: string[] = [];
  for (const match of text.matchAll(MENTION)) {
    const id = byEmail.get((match[1] ?? '').toLowerCase());
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
