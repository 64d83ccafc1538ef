/** How much of a message's text a list row's snippet keeps (one line of a wide list). */
export const SNIPPET_LENGTH = 160;

/**
 * How much of a message's text the list query reads to make a snippet: enough for a snippet
 * after a few quoted or blank lines, bounded so that a page of 200 rows never reads a thread's
 * whole history (replies carry it quoted).
 */
export const SNIPPET_SOURCE_LENGTH = 2000;

/** An attribution line above a quote ("On Tue, 3 Mar 2026, Ada <ada@x> wrote:"). */
const ATTRIBUTION = /^(on\b.*\bwrote|le\b.*\ba écrit|am\b.*\bschrieb)\s*:?\s*$/i;

/** Where an Outlook-style reply starts carrying the message it answers. */
const ORIGINAL_MESSAGE = /^-{2,}\s*original message\s*-{2,}$/i;

/**
 * The start of a message's own words, on one line: quoted lines (`>`, RFC 3676 §4.5), the
 * attribution above them, and everything from the signature separator (`-- `, RFC 3676 §4.3) or
 * an "Original Message" marker on are left out; whitespace collapses to single spaces; at most
 * SNIPPET_LENGTH characters, an ellipsis marking a cut. Empty when the message has no text
 * (not fetched yet, or none).
 */
export function snippetOf(text: string | null): string {
  if (!text) return '';
  const kept: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (raw === '-- ' || raw === '--' || ORIGINAL_MESSAGE.test(line)) break;
    if (line.startsWith('>') || ATTRIBUTION.test(line)) continue;
    if (line) kept.push(line);
    if (kept.join(' ').length > SNIPPET_LENGTH) break;
  }
  const flat = kept.join(' ').replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH - 1).trimEnd()}…` : flat;
}
