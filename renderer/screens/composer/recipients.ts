import type { DraftRecipient } from '../../../src/app/index.js';

/*
 * Addresses as an agent types or pastes them: `ana@example.com`, `Ana Lima <ana@example.com>`,
 * several at once separated by commas, semicolons or new lines.
 */

const NAMED = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+)>\s*$/u;
const BARE = /^\s*<?([^<>\s]+@[^<>\s]+?)>?\s*$/u;

/** One typed recipient, or null when it is not an address. */
export function parseRecipient(text: string): DraftRecipient | null {
  const named = NAMED.exec(text);
  if (named?.[2]?.includes('@')) {
    const name = named[1]?.trim();
    return name ? { address: named[2], name } : { address: named[2] };
  }
  const bare = BARE.exec(text);
  return bare?.[1] ? { address: bare[1] } : null;
}

/** What was typed, split: the recipients it names, and the parts that are no address. */
export function parseRecipients(text: string): {
  recipients: DraftRecipient[];
  invalid: string[];
} {
  const recipients: DraftRecipient[] = [];
  const invalid: string[] = [];
  for (const part of text.split(/[,;\n]+/u)) {
    if (!part.trim()) continue;
    const parsed = parseRecipient(part);
    if (parsed) recipients.push(parsed);
    else invalid.push(part.trim());
  }
  return { recipients, invalid };
}

/** The list with `added` after it, an address already there not twice (case aside). */
export function withRecipients(
  list: readonly DraftRecipient[],
  added: readonly DraftRecipient[],
): DraftRecipient[] {
  const seen = new Set(list.map((r) => r.address.toLowerCase()));
  const result = [...list];
  for (const recipient of added) {
    if (seen.has(recipient.address.toLowerCase())) continue;
    seen.add(recipient.address.toLowerCase());
    result.push(recipient);
  }
  return result;
}

/** How a recipient is shown: the name where known. */
export const recipientLabel = (recipient: DraftRecipient): string =>
  recipient.name || recipient.address;
