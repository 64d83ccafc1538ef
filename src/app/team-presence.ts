import type { TeammatePresence as CoreTeammatePresence } from '../team/client/presence.js';
import type { TeamWorkspace } from '../team/client/team-workspace.js';
import type { AppEvents } from './app-events.js';
import type { TeammatePresence } from './contract/outputs.js';

/** Teammates' presence as the contract shows it: plain JSON, times in ISO 8601. */
export function presenceView(teammates: readonly CoreTeammatePresence[]): TeammatePresence[] {
  return teammates.map(({ member, viewing, typing }) => ({
    member: { id: member.id, name: member.name, email: member.email },
    viewing,
    typing: typing && {
      conversationId: typing.conversationId,
      kind: typing.kind,
      until: new Date(typing.until).toISOString(),
    },
  }));
}

/**
 * Tells `presence.changed` when what teammates show changes: who is online, what they view, who
 * types where. A typing claim renewed at every keystroke only moves its deadline: that is not
 * told again; its end is, when the deadline passes with no renewal (no message marks that).
 * Returns the unsubscribe.
 */
export function watchPresence(
  team: TeamWorkspace,
  events: AppEvents,
  /** The clock the workspace reads presence by (the app's). */
  now: () => number,
): () => void {
  // What a UI shows: the picture without the typing deadlines.
  const shown = (teammates: readonly CoreTeammatePresence[]) =>
    JSON.stringify(
      teammates.map(({ member, viewing, typing }) => [
        member.id,
        viewing,
        typing && [typing.conversationId, typing.kind],
      ]),
    );
  let told = shown(team.teammates());
  let expiry: NodeJS.Timeout | undefined;
  const check = (): void => {
    clearTimeout(expiry);
    const teammates = team.teammates();
    const picture = shown(teammates);
    if (picture !== told) {
      told = picture;
      events.emit({ type: 'presence.changed', teammates: presenceView(teammates) });
    }
    const deadlines = teammates.flatMap(({ typing }) => (typing ? [typing.until] : []));
    if (deadlines.length > 0) {
      expiry = setTimeout(check, Math.max(0, Math.min(...deadlines) - now()) + 1);
      expiry.unref();
    }
  };
  const stop = team.onPresenceChange(check);
  return () => {
    stop();
    clearTimeout(expiry);
  };
}
