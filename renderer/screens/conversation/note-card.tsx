import { Lock } from 'lucide-react';
import type { Note, TeamMember } from '../../../src/app/index.js';
import { Avatar } from '../../components/ui/avatar.js';
import { fullTime, shortTime } from './model/format-time.js';
import { noteParts } from './model/mentions.js';
import { teammateName } from './model/teammate-names.js';

export interface NoteCardProps {
  note: Note;
  teammates: readonly TeamMember[];
  now?: Date;
}

/**
 * An internal note: the team's, never sent to the customer, set apart in its own colour with the
 * teammates it mentions picked out (by name; their address on hover).
 */
export function NoteCard({ note, teammates, now }: NoteCardProps) {
  const author = teammateName(note.author, teammates);
  return (
    <div className="note" role="note" aria-label={`Internal note by ${author}`}>
      <Avatar name={author} email={note.author} size="md" decorative />
      <div className="note__main">
        <div className="note__header">
          <span className="note__author">{author}</span>
          <span className="note__kind">
            <Lock aria-hidden="true" />
            Internal note
          </span>
          <time className="note__time" dateTime={note.createdAt} title={fullTime(note.createdAt)}>
            {shortTime(note.createdAt, now)}
          </time>
        </div>
        <p className="note__text">
          {noteParts(note.text, note.mentions).map((part, i) =>
            part.kind === 'text' ? (
              part.text
            ) : (
              <mark key={i} className="mention" title={part.email}>
                @{teammateName(part.email, teammates)}
              </mark>
            ),
          )}
        </p>
      </div>
    </div>
  );
}
