import { readTeamConfig } from '../team/client/team-config.js';
import type { AppContext } from './app-context.js';

/**
 * The conversations a change of the whole workspace moves: a join, a leave, a discard rewrite
 * the team state the lists show (conversation_team_state) and the notes `show` and search show
 * (conversation_notes, the workspace's), so both are compared before and after. Returns the
 * function that tells them, as `conversations.changed` from this app (`local`), once the change
 * is made.
 */
export function watchProjection(app: AppContext): () => void {
  const before = projection(app);
  return () => {
    const after = projection(app);
    const changed = new Set<string>();
    for (const [id, state] of after) if (before.get(id) !== state) changed.add(id);
    for (const id of before.keys()) if (!after.has(id)) changed.add(id);
    if (changed.size > 0)
      app.events.emit({
        type: 'conversations.changed',
        conversationIds: [...changed],
        source: 'local',
      });
  };
}

/** Each conversation's team state and notes, as one comparable string. */
function projection(app: AppContext): Map<string, string> {
  if (!app.hasCache()) return new Map();
  const db = app.db();
  const workspaceId = readTeamConfig(db, app.dataDir)?.workspaceId ?? null;
  return new Map(
    db
      .prepare<[string | null], { id: string; state: string }>(
        `SELECT id, json_group_array(part) AS state FROM (
           SELECT conversation_id AS id,
                  json_array(status, snooze_until, assignee_id, assignee_email, tags_json,
                             last_reply_member, last_reply_email, last_reply_at) AS part
           FROM conversation_team_state
           UNION ALL
           SELECT conversation_id, json_array(note_id, author_id, text, edited_at)
           FROM conversation_notes WHERE workspace_id = ?
           ORDER BY 1, 2)
         GROUP BY id`,
      )
      .all(workspaceId)
      .map((row) => [row.id, row.state]),
  );
}
