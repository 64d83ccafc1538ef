/**
 * The full-text index's rowid for a message: its received time in seconds, then 22 bits of its
 * row id. Rowid order is then time order, which FTS5 walks natively (ORDER BY rowid DESC), so a
 * query on a word found in most of 100k messages ranks only the newest few thousand matches
 * instead of all of them, and before:/after: become rowid ranges. A note's key in note_search is
 * the same of its creation time (conversation_notes.search_key, computed by migration 007).
 */
const ID_BITS = 2 ** 22;

/** The smallest key of messages received at or after `millis`. */
export function searchKeyFloor(millis: number): number {
  return Math.max(0, Math.ceil(millis / 1000)) * ID_BITS;
}

/** The key of a messages row, computed in place by the statements that index it. */
export const SEARCH_KEY_SQL = `(max(0, received_at / 1000) * ${ID_BITS} + (id % ${ID_BITS}))`;
