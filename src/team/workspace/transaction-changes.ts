import * as Y from 'yjs';

/*
 * What one transaction (local or received) changed in a type, read in an `afterTransaction`
 * handler. Yjs types its `changed` map with its event classes; these take any type.
 */

type AnyType = object;

/** The keys of a map the transaction changed (set, overwritten or deleted). */
export function changedKeys(transaction: Y.Transaction, type: AnyType): ReadonlySet<string | null> {
  return (transaction.changed as Map<AnyType, Set<string | null>>).get(type) ?? new Set();
}

export function hasChanged(transaction: Y.Transaction, type: AnyType): boolean {
  return (transaction.changed as Map<AnyType, unknown>).has(type);
}

/**
 * The values a transaction inserted into a list type, found from the transaction's new structs
 * only. (`YEvent.changes` would walk the whole list on every update, and an activity log is
 * long.) Valid in `afterTransaction`: Yjs merges new structs with older ones only after it.
 */
export function insertedValues(transaction: Y.Transaction, type: AnyType): unknown[] {
  if (!hasChanged(transaction, type)) return [];
  const values: unknown[] = [];
  const collect = (client: number, clock: number) => {
    const before = transaction.beforeState.get(client) ?? 0;
    const structs = transaction.doc.store.clients.get(client);
    if (clock <= before || !structs) return;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i += 1) {
      const struct = structs[i];
      if (!(struct instanceof Y.Item) || struct.parent !== type || struct.deleted) continue;
      const content: unknown[] = struct.content.getContent();
      values.push(
        ...(struct.id.clock < before ? content.slice(before - struct.id.clock) : content),
      );
    }
  };
  // A local transaction only adds structs of this document's own client.
  if (transaction.local)
    collect(transaction.doc.clientID, transaction.afterState.get(transaction.doc.clientID) ?? 0);
  else transaction.afterState.forEach((clock, client) => collect(client, clock));
  return values;
}
