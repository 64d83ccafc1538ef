import { useState } from 'react';
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

/**
 * Unread messages open at first only among the newest this many: a thread of 120 unread
 * messages (a bounce loop, a long back-and-forth never read here) opens as its newest ones, the
 * rest one line each, instead of laying out every body at once.
 */
const UNREAD_OPEN_AMONG_NEWEST = 5;

type Row =
  | { kind: 'item'; item: TimelineItem; index: number }
  | { kind: 'fold'; count: number; key: string };

/**
 * The items to draw, each run of folded messages one fold ("12 earlier messages") until it is
 * opened; notes and activity stay shown. Which messages fold is the app's to say (a long
 * thread's middle ones, `folded`: src/queries/thread-fold.ts), as Gmail and Front show long
 * threads: opening one of 120 messages lays out a dozen cards, and carries a dozen texts.
 */
function rowsOf(items: TimelineItem[], unfolded: boolean): Row[] {
  const rows: Row[] = [];
  items.forEach((item, index) => {
    const last = rows.at(-1);
    if (unfolded || item.kind !== 'message' || !item.message.folded)
      rows.push({ kind: 'item', item, index });
    else if (last?.kind === 'fold') last.count += 1;
    else rows.push({ kind: 'fold', count: 1, key: `fold-${item.key}` });
  });
  return rows;
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
  const messageIndexes = items.flatMap((item, index) => (item.kind === 'message' ? [index] : []));
  const lastMessage = messageIndexes.at(-1) ?? -1;
  const newestFrom = messageIndexes.at(-UNREAD_OPEN_AMONG_NEWEST) ?? 0;
  // One conversation's: the view gives each conversation its own Timeline (keyed by its id).
  const [unfolded, setUnfolded] = useState(false);
  return (
    <ol className="timeline">
      {rowsOf(items, unfolded).map((row) => {
        if (row.kind === 'fold')
          return (
            <li key={row.key} className="timeline__item timeline__item--fold">
              <button type="button" className="timeline-fold" onClick={() => setUnfolded(true)}>
                {row.count === 1 ? '1 earlier message' : `${row.count} earlier messages`}
              </button>
            </li>
          );
        const { item, index } = row;
        return (
          <li key={item.key} className={`timeline__item timeline__item--${item.kind}`}>
            {item.kind === 'message' ? (
              <MessageCard
                message={item.message}
                defaultExpanded={
                  index === lastMessage || (item.message.unread && index >= newestFrom)
                }
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
        );
      })}
    </ol>
  );
}
