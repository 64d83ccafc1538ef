import type { ConversationListItem } from '../../../src/app/index.js';
import type { ListRows } from '../../../renderer/model/list-rows.js';

/** Every place of a short list, holes (rows not loaded) undefined: what a test compares. */
export function placesOf(rows: ListRows): Array<ConversationListItem | undefined> {
  return Array.from({ length: rows.length }, (_, index) => rows.at(index));
}
