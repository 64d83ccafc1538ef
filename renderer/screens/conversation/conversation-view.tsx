import { useMemo, type ReactNode } from 'react';
import type {
  ConversationView as View,
  TagInfo,
  TeammatePresence,
  TeamMember,
} from '../../../src/app/index.js';
import type { MessageContentLoad } from '../../stores/message-content-store.js';
import type { AttachmentHandler } from './attachment-list.js';
import { ConversationHeader } from './conversation-header.js';
import { teammatesHere } from './model/presence-here.js';
import { buildTimeline } from './model/timeline.js';
import { WritingBanner } from './presence.js';
import { Timeline } from './timeline.js';
import './conversation.css';

export type TeamFields = Pick<View, 'status' | 'assignee' | 'tags'>;

export interface ConversationViewProps {
  view: View;
  /**
   * Its status, assignee and tags as the list shows them, when it is listed: with the triage
   * made here already applied (the list's optimistic changes), before the app's event reloads it.
   */
  team?: TeamFields;
  /** The id the conversation was opened by (a merged conversation answers with its new id). */
  openId?: string;
  teammates: readonly TeamMember[];
  /** This app's user's address (what they did reads as done by "you"). */
  me?: string | undefined;
  tags: readonly TagInfo[];
  presence: readonly TeammatePresence[];
  allowedSenders: readonly string[];
  onAllowSender: (address: string) => void;
  onAttachment: AttachmentHandler;
  /** Its messages read in full (their HTML), by id, and what asks for one. */
  contents?: Readonly<Record<number, MessageContentLoad>> | undefined;
  onWantContent?: ((messageId: number) => void) | undefined;
  onShowContact?: () => void;
  theme: string;
  /** Below the timeline: the composer. */
  footer?: ReactNode;
  now?: Date;
}

/**
 * The open conversation (role="region", "Conversation"): its header, then one timeline of its
 * messages (each role="article"), internal notes and activity, and who is writing in it.
 */
export function ConversationView({
  view,
  team,
  openId,
  teammates,
  me,
  tags,
  presence,
  allowedSenders,
  onAllowSender,
  onAttachment,
  contents,
  onWantContent,
  onShowContact,
  theme,
  footer,
  now,
}: ConversationViewProps) {
  const items = useMemo(() => buildTimeline(view), [view]);
  const here = useMemo(
    () => teammatesHere(presence, openId && openId !== view.id ? [view.id, openId] : [view.id]),
    [presence, view.id, openId],
  );
  return (
    <section className="conversation" role="region" aria-label="Conversation">
      <ConversationHeader
        subject={view.subject}
        team={team ?? view}
        teammates={teammates}
        tags={tags}
        here={here}
        onShowContact={onShowContact}
      />
      <div className="conversation__scroll">
        <Timeline
          key={view.id}
          items={items}
          teammates={teammates}
          me={me}
          allowedSenders={allowedSenders}
          onAllowSender={onAllowSender}
          onAttachment={onAttachment}
          contents={contents}
          onWantContent={onWantContent}
          theme={theme}
          now={now}
        />
        <WritingBanner here={here} />
        {footer}
      </div>
    </section>
  );
}
