// Unwrapping of text/plain; format=flowed bodies.
// https://www.rfc-editor.org/rfc/rfc3676
//
// A flowed line ends in a space (a "soft" break): it continues on the next line. Senders wrap
// at ~72 columns this way, so without unwrapping, phrases that straddle a wrap would not be
// found by an exact-phrase search and previews would be ragged.

/** Options from the Content-Type parameters. */
export type FlowedOptions = {
  /**
   * `DelSp=yes`: the space before each soft break was added by the sender (used for text
   * without spaces between words, e.g. Japanese) and is deleted when unwrapping (§4.2).
   */
  readonly delSp?: boolean;
};

/** Whether a `format` parameter value means format=flowed (values are case-insensitive). */
export function isFlowed(format: string | undefined): boolean {
  return format !== undefined && format.trim().toLowerCase() === 'flowed';
}

/** Whether a `delsp` parameter value means DelSp=yes. */
export function isDelSp(delsp: string | undefined): boolean {
  return delsp !== undefined && delsp.trim().toLowerCase() === 'yes';
}

const SIGNATURE_SEPARATOR = '-- ';

/**
 * Joins soft-broken lines of a format=flowed body (lines separated by LF; normalize CRLF
 * first). Quoted lines keep their quote depth as a normalized "> " / ">> " prefix.
 */
export function unwrapFlowed(text: string, options: FlowedOptions = {}): string {
  const delSp = options.delSp === true;
  const lines = text.split('\n');
  const out: string[] = [];
  // The paragraph being joined, while the previous line was flowed.
  let pending: string[] | undefined;
  let pendingDepth = 0;

  for (const line of lines) {
    // §4.5: the quote depth is the number of leading ">"; the quote marks are not content.
    let depth = 0;
    while (line.charCodeAt(depth) === 0x3e /* > */) depth++;
    let content = line.slice(depth);
    // §4.4: one leading space after the quote marks (or at the start of an unquoted line) is
    // space-stuffing, added so that lines starting with " ", ">" or "From " survive transport.
    if (content.charCodeAt(0) === 0x20) content = content.slice(1);
    // §4.3: the signature separator "-- " ends in a space but is never flowed.
    const flowed = content.endsWith(' ') && content !== SIGNATURE_SEPARATOR;
    if (flowed && delSp) content = content.slice(0, -1);

    if (pending && depth === pendingDepth) {
      pending.push(content);
    } else {
      // §4.5: a flowed line followed by a line of another quote depth is treated as fixed.
      if (pending) out.push(withQuotes(pendingDepth, pending.join('')));
      pending = [content];
      pendingDepth = depth;
    }
    if (!flowed) {
      out.push(withQuotes(pendingDepth, pending.join('')));
      pending = undefined;
    }
  }
  if (pending) out.push(withQuotes(pendingDepth, pending.join('')));
  return out.join('\n');
}

function withQuotes(depth: number, content: string): string {
  if (depth === 0) return content;
  return content ? '>'.repeat(depth) + ' ' + content : '>'.repeat(depth);
}
