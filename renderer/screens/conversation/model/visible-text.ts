/**
 * Characters that are not shown but act (controls, bidi overrides and isolates, line and
 * paragraph separators): the class of src/text/unsafe-characters.ts, which the renderer cannot
 * import (it takes only types from the core). A sender who writes `invoice<U+202E>fdp.exe` means
 * the reader to see "invoice_exe.pdf".
 */
const UNSAFE_CLASS =
  '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]`, 'g');

/** A sender's short text (a name, a subject, a file name) as it may be shown: one line, as written. */
export function visibleText(text: string): string {
  return text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
}
