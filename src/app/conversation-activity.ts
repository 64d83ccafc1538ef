import type { ActivityEntry, Workspace } from '../team/workspace/index.js';
import type { ConversationActivity } from './contract/outputs.js';

/**
 * A conversation's activity log as `mail.conversation` tells it: what its timeline says in one
 * line each ("assigned to Bo Chen by Ana Lima"), oldest first. Members go by the team directory,
 * which keeps a removed member's name and address, so their past work still reads as theirs;
 * tags by their names. Follows are nobody's business but the follower's, and notes are listed
 * as notes: neither is told here.
 */
export function activityView(
  workspace: Workspace,
  entries: readonly ActivityEntry[],
): ConversationActivity[] {
  const member = (id: string) => {
    const found = workspace.team.member(id);
    // An id the directory never had (a log written by a newer app): the id, so it still reads.
    return { email: found?.email || id, name: found?.name ?? id };
  };
  return entries.flatMap((entry): ConversationActivity[] => {
    const actor = member(entry.actor);
    const base = {
      id: entry.id,
      at: new Date(entry.at).toISOString(),
      actor: actor.email,
      actorName: actor.name,
    };
    switch (entry.kind) {
      case 'assigned': {
        const assignee = entry.assignee === null ? null : member(entry.assignee);
        return [
          {
            ...base,
            kind: 'assigned',
            assignee: assignee?.email ?? null,
            assigneeName: assignee?.name ?? null,
          },
        ];
      }
      case 'status':
        return [
          {
            ...base,
            kind: 'status',
            status: entry.status,
            snoozedUntil:
              entry.snoozedUntil === null ? null : new Date(entry.snoozedUntil).toISOString(),
          },
        ];
      case 'tagged':
      case 'untagged':
        return [
          {
            ...base,
            kind: entry.kind,
            tag: workspace.settings.tag(entry.tag)?.name ?? entry.tag,
          },
        ];
      case 'replied':
        return [{ ...base, kind: 'replied' }];
      default:
        return [];
    }
  });
}
