import { htmlLines, tidyText } from './html-text.js';

/**
 * The signature block. Its first line is the separator `-- ` (dash, dash, space) of RFC 3676
 * §4.3 (https://www.rfc-editor.org/rfc/rfc3676#section-4.3), by which clients recognize a
 * signature (and leave it out of their quote). A signature that already starts with the
 * separator does not get a second one.
 */
const SEPARATOR = '-- ';

/** The signature's own lines, without a separator it may carry; empty when there is none. */
function signatureLines(signature: string | undefined): string {
  const text = tidyText(signature ?? '');
  return text.replace(/^--[ \t]*(?:\n|$)/u, '').replace(/^\n+/u, '');
}

/** `-- \n` and the signature, or '' when there is none. */
export function plainSignature(signature: string | undefined): string {
  const lines = signatureLines(signature);
  return lines === '' ? '' : `${SEPARATOR}\n${lines}`;
}

/** The same in HTML: the separator on its own line, as Thunderbird and Gmail write it. */
export function htmlSignature(signature: string | undefined): string {
  const lines = signatureLines(signature);
  return lines === '' ? '' : `<div class="signature">${SEPARATOR}<br>${htmlLines(lines)}</div>`;
}
