import { memo, type CSSProperties } from 'react';
import { Eye, PenLine, Reply } from 'lucide-react';
import { Avatar } from '../../components/ui/avatar.js';
import { Badge, type BadgeTone } from '../../components/ui/badge.js';
import { cx } from '../../components/ui/class-names.js';
import { TagChip } from '../../components/ui/tag-chip.js';
import { fullTime, listTime } from '../../model/list-time.js';
import type { RowModel } from './row-model.js';

/**
 * A row's height in px: fixed, so 100 000 rows scroll without measuring, and a page arriving
 * fills its placeholders without moving anything (conversation-list.css keeps --row-height in
 * step). Three lines: the sender, the subject, the snippet.
 */
export const ROW_HEIGHT = 80;

/** Tags shown on a row; the rest are counted ("+2"). */
const SHOWN_TAGS = 2;

const STATUS_BADGES = {
  pending: { tone: 'warning', label: 'Pending' },
  snoozed: { tone: 'info', label: 'Snoozed' },
  closed: { tone: 'success', label: 'Closed' },
} as const satisfies Record<string, { tone: BadgeTone; label: string }>;

export interface ConversationRowProps {
  row: RowModel;
  /** The DOM id aria-activedescendant points at. */
  optionId: string;
  index: number;
  count: number;
  selected: boolean;
  open: boolean;
  /** Whether the row says its status (not in a view that holds one status only). */
  showStatus: boolean;
  /** Where the row sits in the scrolled list (px). */
  top: number;
  onPick: (id: string) => void;
}

/**
 * One conversation in the list, as Front or Missive draw one: who wrote last (bold while
 * unread), who of the team is on it now, who replied last and when it last moved; then its
 * subject and its state (status, tags, assignee); then the start of the latest message, muted.
 * An option of the listbox; its text says all of that, the subject included.
 */
export const ConversationRow = memo(function ConversationRow({
  row,
  optionId,
  index,
  count,
  selected,
  open,
  showStatus,
  top,
  onPick,
}: ConversationRowProps) {
  const status = row.status === 'open' || !showStatus ? null : STATUS_BADGES[row.status];
  const style = { transform: `translateY(${top}px)` } as CSSProperties;
  const who = row.sender;
  return (
    <div
      id={optionId}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={count}
      data-open={open || undefined}
      data-unread={row.unread || undefined}
      className="conversation-row"
      style={style}
      onClick={() => onPick(row.id)}
    >
      <span className="conversation-row__unread" aria-hidden="true" />
      {who ? (
        <Avatar
          name={who.name === who.email ? '' : who.name}
          email={who.email}
          size="md"
          decorative
        />
      ) : (
        <span className="conversation-row__no-avatar" aria-hidden="true" />
      )}
      <div className="conversation-row__body">
        <div className="conversation-row__line">
          <span className="conversation-row__who" title={who?.email}>
            {who?.name ?? 'No sender'}
          </span>
          {row.messageCount > 1 ? (
            <span className="conversation-row__messages" title={`${row.messageCount} messages`}>
              {row.messageCount}
              <span className="visually-hidden"> messages</span>
            </span>
          ) : null}
          {row.unread ? <span className="visually-hidden">, unread</span> : null}
          <Viewers viewers={row.viewers} />
          <span className="conversation-row__end">
            {row.lastReply ? (
              <span
                className="conversation-row__reply"
                title={`${row.lastReply.name} replied ${fullTime(row.lastReply.at)}`}
              >
                <Reply aria-hidden="true" />
                <span className="conversation-row__reply-name">
                  {firstName(row.lastReply.name)}
                </span>
                <span className="visually-hidden">{` replied ${listTime(row.lastReply.at)},`}</span>
              </span>
            ) : null}
            <time
              className="conversation-row__time"
              dateTime={row.lastMessageAt}
              title={fullTime(row.lastMessageAt)}
            >
              {listTime(row.lastMessageAt)}
            </time>
          </span>
        </div>
        <div className="conversation-row__line">
          <span className="conversation-row__subject">{row.subject || '(no subject)'}</span>
          {status ? (
            <Badge tone={status.tone} dot>
              {status.label}
            </Badge>
          ) : null}
          {row.tags.slice(0, SHOWN_TAGS).map((tag) => (
            <TagChip key={tag.name} name={tag.name} {...(tag.color ? { color: tag.color } : {})} />
          ))}
          {row.tags.length > SHOWN_TAGS ? (
            <span
              className="conversation-row__more"
              title={row.tags
                .slice(SHOWN_TAGS)
                .map((tag) => tag.name)
                .join(', ')}
            >
              +{row.tags.length - SHOWN_TAGS}
              <span className="visually-hidden"> more tags</span>
            </span>
          ) : null}
          {row.assignee ? (
            <span className="conversation-row__assignee" title={`Assigned to ${row.assignee.name}`}>
              <Avatar name={row.assignee.name} email={row.assignee.email} size="xs" decorative />
              <span className="visually-hidden">{`, assigned to ${row.assignee.name}`}</span>
            </span>
          ) : null}
        </div>
        <div className="conversation-row__line">
          <span className="conversation-row__snippet">{row.snippet}</span>
        </div>
      </div>
    </div>
  );
});

export interface PlaceholderRowProps {
  index: number;
  count: number;
  top: number;
}

/**
 * A row whose page is on its way: the row's shape, still and faint (a fling through the list
 * passes many; nothing flickers), replaced in place when its page arrives.
 */
export const PlaceholderRow = memo(function PlaceholderRow({
  index,
  count,
  top,
}: PlaceholderRowProps) {
  // Widths that vary row to row as real ones do, the same for a row each time it is drawn.
  const width = (base: number, spread: number) => `${base + ((index * 37) % spread)}%`;
  return (
    <div
      role="option"
      aria-selected={false}
      aria-disabled="true"
      aria-posinset={index + 1}
      aria-setsize={count}
      className="conversation-row conversation-row--placeholder"
      style={{ transform: `translateY(${top}px)` }}
    >
      <span className="conversation-row__placeholder-avatar" aria-hidden="true" />
      <div className="conversation-row__body" aria-hidden="true">
        <div className="conversation-row__line">
          <span className="conversation-row__placeholder-bar" style={{ width: width(22, 18) }} />
        </div>
        <div className="conversation-row__line">
          <span className="conversation-row__placeholder-bar" style={{ width: width(45, 30) }} />
        </div>
        <div className="conversation-row__line">
          <span className="conversation-row__placeholder-bar" style={{ width: width(60, 30) }} />
        </div>
      </div>
      <span className="visually-hidden">Loading</span>
    </div>
  );
});

/** A teammate's first name, where a row has room for a word ("Ben" of "Ben Okafor"). */
function firstName(name: string): string {
  return name.includes('@') ? name : (name.split(/\s+/)[0] ?? name);
}

/** Teammates on the conversation now: their avatars, and an eye (or a pen while they write). */
function Viewers({ viewers }: { viewers: RowModel['viewers'] }) {
  if (viewers.length === 0) return null;
  const writing = viewers.some((viewer) => viewer.writing);
  const words = viewers
    .map((viewer) => `${viewer.name} ${viewer.writing ? 'is writing' : 'is viewing'}`)
    .join(', ');
  const Icon = writing ? PenLine : Eye;
  return (
    <span className={cx('conversation-row__viewers', writing && 'is-writing')} title={words}>
      <Icon className="conversation-row__viewers-icon" aria-hidden="true" />
      {viewers.slice(0, 3).map((viewer) => (
        <Avatar key={viewer.email} name={viewer.name} email={viewer.email} size="xs" decorative />
      ))}
      <span className="visually-hidden">{`, ${words}`}</span>
    </span>
  );
}
