import type { TeamMember } from '../../../src/app/index.js';
import type { MessageContentLoad } from '../../stores/message-content-store.js';
import { ActivityLine } from './activity-line.js';
import type { AttachmentHandler } from './attachment-list.js';
import { MessageCard } from './message-card.js';
import { parsePerson } from './model/address.js';
import type { TimelineItem } from './model/timeline.js';
import { NoteCard } from './note-card.js';
import { OutgoingLine } from './outgoing-line.js';

export interface TimelineProps {
  items: TimelineItem[];
  teammates: readonly TeamMember[];
  /** This app's user's address (their activity reads as done by "you"). */
  me?: string | undefined;
  /** Senders (lower case) whose remote images the reader always shows. */
  allowedSenders: readonly string[];
  onAllowSender: (address: string) => void;
  onAttachment: AttachmentHandler;
  /** Messages read in full (their HTML), by id. */
  contents?: Readonly<Record<number, MessageContentLoad>> | undefined;
  onWantContent?: ((messageId: number) => void) | undefined;
  theme: string;
  now?: Date;
}

/** The conversation's messages, notes and activity, oldest first, in one column. */
export function Timeline({
  items,
  teammates,
  me,
  allowedSenders,
  onAllowSender,
  onAttachment,
  contents,
  onWantContent,
  theme,
  now,
}: TimelineProps) {
  const lastMessage = items.findLastIndex((item) => item.kind === 'message');
  return (
    <ol className="timeline">
      {items.map((item, index) => (
        <li key={item.key} className={`timeline__item timeline__item--${item.kind}`}>
          {item.kind === 'message' ? (
            <MessageCard
              message={item.message}
              defaultExpanded={index === lastMessage || item.message.unread}
              senderAllowed={allowedSenders.includes(
                parsePerson(item.message.from).address.toLowerCase(),
              )}
              onAllowSender={onAllowSender}
              onAttachment={onAttachment}
              content={contents?.[item.message.id]}
              onWantContent={onWantContent}
              theme={theme}
              now={now}
            />
          ) : item.kind === 'note' ? (
            <NoteCard note={item.note} teammates={teammates} now={now} />
          ) : item.kind === 'activity' ? (
            <ActivityLine
              activity={item.activity}
              at={item.at}
              teammates={teammates}
              me={me}
              now={now}
            />
          ) : (
            <OutgoingLine item={item.item} now={now} />
          )}
        </li>
      ))}
    </ol>
  );
}
