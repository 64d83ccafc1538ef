/**
 * A long thread as a screen shows it (Gmail's and Front's way): its first message and its
 * newest NEWEST_SHOWN, the ones between folded ("109 earlier messages") until the reader opens
 * the fold. A view asked folded leaves those messages' texts out (their snippets stay), so that
 * opening a thread of 120 messages carries a dozen texts, not 460 kB of them; the screen reads
 * one in full (the app's `mail.message`) when it is opened.
 */
export const NEWEST_SHOWN = 10;

/** Folding fewer than three messages saves nothing worth a click. */
export const FOLD_FROM = 1 + 3 + NEWEST_SHOWN;

/** The positions (oldest first) of a thread of `count` messages that fold: [from, to). */
export function foldedRange(count: number): { from: number; to: number } | undefined {
  return count < FOLD_FROM ? undefined : { from: 1, to: count - NEWEST_SHOWN };
}
