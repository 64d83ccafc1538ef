import type { ConnectionState } from '../team/client/room-link.js';
import type { TeamWorkspace } from '../team/client/team-workspace.js';
import type { AppEvents } from './app-events.js';
import { watchPresence } from './team-presence.js';

type Source = 'local' | 'team';

/**
 * Tells the app's listeners what happens in its live team workspace (contract/events.ts):
 *
 * - `conversations.changed`: `local` for the changes made through this app, `team` for those
 *   received (teammates', and what another process of this data directory stored), with the
 *   conversations' ids, once each change is stored and projected: a change's events are gathered
 *   and told after the code that made it is done (one event per source and turn), so a listener
 *   that lists the conversations again sees them as changed, never half-written;
 * - `team.directory`: the members, the tags or the workspace's name (its core `config`) changed,
 *   from here or elsewhere (told the same way);
 * - `presence.changed` and `connection.changed` (target `team`), with a team server: in solo use
 *   there are no teammates and no connection to speak of.
 *
 * Returns the unsubscribe.
 */
export function watchTeam(team: TeamWorkspace, events: AppEvents, now: () => number): () => void {
  const changed = new Map<Source, Set<string>>();
  const directory = new Set<'members' | 'tags' | 'workspace'>();
  const tell = (): void => {
    for (const [source, ids] of changed)
      events.emit({ type: 'conversations.changed', conversationIds: [...ids], source });
    for (const what of directory) events.emit({ type: 'team.directory', what });
    changed.clear();
    directory.clear();
  };
  const later = (): void => {
    if (changed.size === 0 && directory.size === 0) queueMicrotask(tell);
  };
  const stops = [
    team.workspace.onChange((change) => {
      if (change.type === 'core') {
        const parts = change.parts.filter((part) => part === 'members' || part === 'tags');
        const renamed = change.parts.includes('config');
        if (parts.length > 0 || renamed) later();
        for (const part of parts) directory.add(part);
        if (renamed) directory.add('workspace');
        // A teammate renamed or deleted a tag: the lists show tags by name (team.editTag does
        // this for the changes made here, before it answers).
        if (change.origin === 'remote' && parts.includes('tags'))
          void team.projectTagNames().then(
            (ids) => {
              if (ids.length > 0)
                events.emit({
                  type: 'conversations.changed',
                  conversationIds: ids,
                  source: 'team',
                });
            },
            () => undefined,
          );
        return;
      }
      later();
      const source = change.origin === 'local' ? 'local' : 'team';
      let ids = changed.get(source);
      if (!ids) changed.set(source, (ids = new Set()));
      for (const id of change.conversationIds) ids.add(id);
    }),
  ];
  if (!team.session.solo)
    stops.push(watchPresence(team, events, now), watchConnection(team, events));
  return () => {
    for (const stop of stops) stop();
  };
}

/** `connection.changed` for the team server, told when it changes (and at once when known). */
function watchConnection(team: TeamWorkspace, events: AppEvents): () => void {
  let told: ConnectionState | undefined;
  const tell = (state: ConnectionState): void => {
    // Refused is for good: a link that goes on to close is not "offline" after it.
    if (state === told || told === 'token-refused') return;
    told = state;
    events.emit({ type: 'connection.changed', target: 'team', state });
  };
  const stop = team.onConnection(tell);
  // A link still connecting is not offline yet: only what is known is told.
  const state = team.connection();
  if (state === 'online' || state === 'token-refused') tell(state);
  return stop;
}
