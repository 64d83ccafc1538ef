/**
 * Characters that are not shown but act, as the body of a regular expression character class:
 * the C0 and C1 controls and DEL (a terminal obeys ESC, CSI, OSC, BEL, CR…), the bidi marks,
 * embeddings, overrides and isolates that reorder what follows (CVE-2021-42574, "Trojan Source",
 * https://trojansource.codes), and the Unicode line and paragraph separators. Mail is full of
 * them when a sender wants it to be: whatever shows or stores a sender's text starts here.
 */
export const UNSAFE_CHARACTER_CLASS =
  '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
