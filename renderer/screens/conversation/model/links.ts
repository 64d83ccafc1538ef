/** A piece of plain text: words, or a web address to make a link of. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; href: string };

/**
 * http(s) addresses in running text; the last character may not be punctuation that ends a
 * sentence or closes a bracket around the address.
 */
const WEB_ADDRESS = /\bhttps?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]}]/gi;

/** Splits plain text into words and links (only http and https become links). */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(WEB_ADDRESS)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    parts.push({ kind: 'link', href: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
