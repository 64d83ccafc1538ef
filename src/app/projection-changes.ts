import type { AppContext } from './app-context.js';

/**
 * The conversations whose team state (as the inbox lists it: conversation_team_state) a change
 * of the whole workspace moves: a join, a leave, a discard rewrite the projection wholesale, so
 * the projection before and after is compared. Returns the function that tells them, as
 * `conversations.changed` from this app (`local`), once the change is made.
 */
export function watchProjection(app: AppContext): () => void {
  const before = app.hasCache() ? projection(app) : new Map<string, string>();
  return () => {
    if (!app.hasCache()) return;
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

function projection(app: AppContext): Map<string, string> {
  return new Map(
    app
      .db()
      .prepare<[], { id: string; state: string }>(
        `SELECT conversation_id AS id,
                json_array(status, snooze_until, assignee_id, assignee_email, tags_json) AS state
         FROM conversation_team_state`,
      )
      .all()
      .map((row) => [row.id, row.state]),
  );
}
