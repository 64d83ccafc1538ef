import type { AssignedEntry, OverriddenAssignment } from './model.js';

/**
 * The assignments that lost to a concurrent one.
 *
 * Every assignment entry names the assignment it replaced as its author saw it (`previous`), and
 * the stored assignee names the entry that set it (`winnerId`). Following `previous` from the
 * winner gives the winning line: assignments replaced one after the other, knowingly. An
 * assignment off that line that nothing was built on was made while its author had not seen
 * the winning line's assignment: it lost. (A loser's own earlier assignments, replaced by the
 * loser itself, are not reported again.) It collided with the winning-line entry that replaced
 * the same assignment, found by walking back from the loser to the line.
 *
 * Empty while the winning entry itself has not arrived (the state and the timeline are separate
 * documents that sync separately).
 */
export function overriddenAssignments(
  entries: readonly AssignedEntry[],
  winnerId: string | null,
): OverriddenAssignment[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  if (winnerId === null || !byId.has(winnerId)) return [];

  const line = new Set<string>();
  /** Winning-line entries by the id they replaced ('' for none). */
  const lineByPrevious = new Map<string, AssignedEntry>();
  for (
    let entry = byId.get(winnerId);
    entry && !line.has(entry.id);
    entry = byId.get(entry.previous ?? '')
  ) {
    line.add(entry.id);
    lineByPrevious.set(entry.previous ?? '', entry);
  }
  const replaced = new Set(entries.map((entry) => entry.previous).filter((id) => id !== null));

  const lost: OverriddenAssignment[] = [];
  for (const entry of entries) {
    if (line.has(entry.id) || replaced.has(entry.id)) continue;
    let fork = entry.previous ?? '';
    const seen = new Set<string>();
    while (fork !== '' && !line.has(fork) && !seen.has(fork)) {
      seen.add(fork);
      const before = byId.get(fork);
      if (!before) break;
      fork = before.previous ?? '';
    }
    lost.push({ entry, overriddenBy: lineByPrevious.get(fork) ?? null });
  }
  return lost.sort((a, b) => a.entry.at - b.entry.at || (a.entry.id < b.entry.id ? -1 : 1));
}
