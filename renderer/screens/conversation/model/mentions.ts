/** A piece of a note: its words, or a mention of a teammate (by their address). */
export type NotePart = { kind: 'text'; text: string } | { kind: 'mention'; email: string };

/**
 * `@` + an address, at the start or after a character that cannot end an address: the form the
 * team layer reads mentions in (src/team/workspace/mentions.ts), written out here because the
 * renderer takes nothing but types from the core.
 */
const MENTION =
  /(^|[^A-Za-z0-9._%+-])@([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

/**
 * Splits a note's text around its mentions. Only the addresses the note mentions (as the author's
 * app resolved them: `Note.mentions`) are mentions; another `@address` stays text.
 */
export function noteParts(text: string, mentions: readonly string[]): NotePart[] {
  const mentioned = new Set(mentions.map((email) => email.toLowerCase()));
  const parts: NotePart[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const email = match[2]!;
    if (!mentioned.has(email.toLowerCase())) continue;
    const start = match.index + match[1]!.length;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'mention', email });
    last = start + 1 + email.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
