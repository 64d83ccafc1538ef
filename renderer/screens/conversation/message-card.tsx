import { memo, useEffect, useId, useState } from 'react';
import type { ConversationMessage } from '../../../src/app/index.js';
import { Avatar } from '../../components/ui/avatar.js';
import { AttachmentList, type AttachmentHandler } from './attachment-list.js';
import { MessageBody } from './message-body.js';
import { parsePerson, shortName } from './model/address.js';
import { fullTime, shortTime } from './model/format-time.js';
import type { MessageContentLoad } from '../../stores/message-content-store.js';
import { visibleText } from './model/visible-text.js';

export interface MessageCardProps {
  message: ConversationMessage;
  /** Open at first (the newest message, and the newest unread ones); the others show one line. */
  defaultExpanded: boolean;
  /** The reader always shows this sender's remote images. */
  senderAllowed: boolean;
  onAllowSender: (address: string) => void;
  onAttachment: AttachmentHandler;
  /** It read in full (its HTML), once asked. */
  content?: MessageContentLoad | undefined;
  /** Asks for it in full: when it is open and may have HTML, or its text was left out. */
  onWantContent?: ((messageId: number) => void) | undefined;
  theme: string;
  now?: Date;
}

function recipientsLine(message: ConversationMessage): string {
  const names = (list: string[]) =>
    list.map((entry) => visibleText(shortName(parsePerson(entry)))).join(', ');
  const to = names(message.to);
  const cc = names(message.cc);
  return [to && `to ${to}`, cc && `cc ${cc}`].filter(Boolean).join(' · ');
}

/**
 * One message of the conversation (role="article"): who wrote it, when, to whom, and what.
 * Memoized: another message's HTML arriving does not draw this one again.
 */
export const MessageCard = memo(function MessageCard({
  message,
  defaultExpanded,
  senderAllowed,
  onAllowSender,
  onAttachment,
  content,
  onWantContent,
  theme,
  now,
}: MessageCardProps) {
  const [expanded, setExpanded] = useState(defaultExpanded);
  // Its HTML, or its text when the view left it out (a long thread's folded message).
  const wants = expanded && (message.hasHtml !== false || message.folded) && content === undefined;
  useEffect(() => {
    if (wants) onWantContent?.(message.id);
  }, [wants, onWantContent, message.id]);
  const nameId = useId();
  const sender = parsePerson(message.from);
  const name = visibleText(shortName(sender));
  const address = visibleText(sender.address);
  return (
    <article
      className="message"
      aria-labelledby={nameId}
      data-expanded={expanded || undefined}
      data-unread={message.unread || undefined}
    >
      <button
        type="button"
        className="message__header"
        aria-expanded={expanded}
        onClick={() => setExpanded(!expanded)}
      >
        <Avatar name={sender.name} email={sender.address} size="md" decorative />
        <span className="message__who">
          <span className="message__from">
            <span id={nameId} className="message__name">
              {name}
            </span>
            {sender.name && address ? <span className="message__address">{address}</span> : null}
          </span>
          <span className="message__line">
            {expanded ? recipientsLine(message) : visibleText(message.snippet)}
          </span>
        </span>
        <time className="message__time" dateTime={message.date} title={fullTime(message.date)}>
          {shortTime(message.date, now)}
        </time>
      </button>
      {expanded ? (
        <div className="message__content">
          {message.problems ? <p className="message__problems">{message.problems}</p> : null}
          <MessageBody
            text={message.text}
            leftOut={message.folded ? visibleText(message.snippet) : undefined}
            content={content}
            sender={sender.address}
            senderAllowed={senderAllowed}
            onAllowSender={() => onAllowSender(sender.address)}
            title={`Message from ${name}`}
            theme={theme}
          />
          <AttachmentList attachments={message.attachments} onAttachment={onAttachment} />
        </div>
      ) : null}
    </article>
  );
});
