import type { TeammatePresence } from '../../../src/app/index.js';
import { Avatar } from '../../components/ui/avatar.js';
import type { DraftEnvelope } from '../../stores/composer-store.js';

export interface CoWritersProps {
  conversationId: string;
  /** Teammates' presence (who is writing where right now). */
  present: readonly TeammatePresence[];
  /** Who wrote in the shared draft, the latest first (the app's DraftView.editors). */
  editors: DraftEnvelope['editors'];
  /** This app's member, never listed. */
  myEmail: string;
  /** A note is not the shared draft: only teammates writing a note show. */
  kind: 'reply' | 'note';
  /** The time now (a typing announcement lapses at its `until`). */
  now: number;
}

/**
 * Who else is on this draft: teammates typing in it now (presence, renewed while they type),
 * else those who wrote in it before. Where each is in the text, their caret says (the editor's).
 */
export function CoWriters({
  conversationId,
  present,
  editors,
  myEmail,
  kind,
  now,
}: CoWritersProps) {
  const me = myEmail.toLowerCase();
  const writing = present
    .filter(
      (mate) =>
        mate.typing?.conversationId === conversationId &&
        mate.typing.kind === kind &&
        Date.parse(mate.typing.until) > now &&
        mate.member.email.toLowerCase() !== me,
    )
    .map((mate) => mate.member);
  const earlier =
    kind === 'reply'
      ? editors.filter(
          (editor) =>
            editor.email.toLowerCase() !== me &&
            !writing.some((mate) => mate.email.toLowerCase() === editor.email.toLowerCase()),
        )
      : [];
  if (writing.length === 0 && earlier.length === 0) return null;
  const names = (people: ReadonlyArray<{ name: string; email: string }>) =>
    people.map((person) => person.name || person.email).join(', ');
  return (
    <div className="co-writers" role="group" aria-label="Writing here too">
      <span className="co-writers__faces" aria-hidden="true">
        {[...writing, ...earlier].slice(0, 3).map((person) => (
          <Avatar key={person.email} name={person.name} email={person.email} size="xs" decorative />
        ))}
      </span>
      <span className="co-writers__text">
        {writing.length > 0 ? (
          <>
            <strong>{names(writing)}</strong>
            {writing.length === 1 ? ' is writing' : ' are writing'}
            {kind === 'reply' ? ' here' : ' a note'}
          </>
        ) : (
          <>Edited by {names(earlier)}</>
        )}
      </span>
      {writing.length > 0 ? <span className="co-writers__pulse" aria-hidden="true" /> : null}
    </div>
  );
}
