import type { TeammatePresence } from '../../../../src/app/index.js';

export interface TeammateHere {
  id: string;
  name: string;
  email: string;
  /** Writing a reply or a note in this conversation now. */
  writing: 'reply' | 'note' | null;
}

/**
 * The teammates with this conversation on screen or writing in it, once each (a teammate may
 * have two windows; writing wins), in the order presence lists them.
 */
export function teammatesHere(
  presence: readonly TeammatePresence[],
  conversationIds: readonly string[],
): TeammateHere[] {
  const here = new Map<string, TeammateHere>();
  for (const { member, viewing, typing } of presence) {
    const writing = typing && conversationIds.includes(typing.conversationId) ? typing.kind : null;
    const viewingHere = viewing !== null && conversationIds.includes(viewing);
    if (!writing && !viewingHere) continue;
    const known = here.get(member.id);
    here.set(member.id, {
      id: member.id,
      name: member.name || member.email,
      email: member.email,
      writing: known?.writing ?? writing,
    });
  }
  return [...here.values()];
}

/** "Bo Chen", "Bo Chen and Ana Lima", "Bo Chen, Ana Lima and Dev Patel". */
export function namesInWords(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
