import { formatAddress } from './address-list.js';
import type { Address, OriginalMessage } from './compose-types.js';
import { tidyText } from './html-text.js';
import { formatQuoteDate } from './quote-date.js';

/**
 * What a reply quotes or a forward carries of the original, before it is written as plain text
 * or HTML (src/compose/message-body.ts): heading lines, then the original's text.
 */
export interface History {
  /** `quote`: the text is cited (`> ` lines, a blockquote); `forward`: it is carried as it is. */
  kind: 'quote' | 'forward';
  heading: string[];
  text: string;
}

/** The heading Gmail writes above a forwarded message, which other clients recognize. */
export const FORWARD_MARKER = '---------- Forwarded message ---------';

/** `On Tue, 1 Dec 2026 at 09:00 UTC, Judy Smith <judy@example.com> wrote:` and the text. */
export function replyHistory(original: OriginalMessage, timeZone?: string): History {
  const who = original.from ? formatAddress(original.from) : null;
  const attribution = original.date
    ? `On ${formatQuoteDate(original.date, timeZone)}, ${who ?? 'an unknown sender'} wrote:`
    : `${who ?? 'An unknown sender'} wrote:`;
  return { kind: 'quote', heading: [attribution], text: tidyText(original.text) };
}

/** The forwarded-message block: From, Date, Subject, To and Cc of the original, then its text. */
export function forwardHistory(original: OriginalMessage, timeZone?: string): History {
  const field = (name: string, value: string): string[] =>
    value === '' ? [] : [`${name}: ${value}`];
  const list = (addresses: readonly Address[]): string => addresses.map(formatAddress).join(', ');
  return {
    kind: 'forward',
    heading: [
      FORWARD_MARKER,
      ...field('From', original.from ? formatAddress(original.from) : ''),
      ...field('Date', original.date ? formatQuoteDate(original.date, timeZone) : ''),
      ...field('Subject', original.subject),
      ...field('To', list(original.to)),
      ...field('Cc', list(original.cc)),
    ],
    text: tidyText(original.text),
  };
}

/**
 * The text cited line by line. A line already cited gets one more `>` and no space, so nested
 * levels read `>>` (RFC 3676 §4.5, https://www.rfc-editor.org/rfc/rfc3676#section-4.5, where a
 * quote's depth is its count of leading `>`); an empty line is a bare `>`.
 */
export function citedLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
}
