import type { ReactNode } from 'react';
import {
  AlarmClock,
  CircleCheck,
  PanelRightOpen,
  Reply,
  RotateCcw,
  StickyNote,
  Tag,
  UserPlus,
} from 'lucide-react';
import type { ConversationView, TagInfo, TeamMember } from '../../../src/app/index.js';
import {
  ACTIONS,
  ariaShortcut,
  runAction,
  useAvailableActions,
  type ActionId,
} from '../../actions/index.js';
import { Avatar } from '../../components/ui/avatar.js';
import { Badge, type BadgeTone } from '../../components/ui/badge.js';
import { IconButton } from '../../components/ui/icon-button.js';
import { TagChip } from '../../components/ui/tag-chip.js';
import { teammateName } from './model/teammate-names.js';
import { visibleText } from './model/visible-text.js';
import type { TeammateHere } from './model/presence-here.js';
import { TeammatesHere } from './presence.js';

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  open: { label: 'Open', tone: 'accent' },
  pending: { label: 'Pending', tone: 'warning' },
  snoozed: { label: 'Snoozed', tone: 'info' },
  closed: { label: 'Closed', tone: 'success' },
};

/** The header's buttons: the app's actions (renderer/actions), named as the catalogue names them. */
const HEADER_ACTIONS: ReadonlyArray<{ id: ActionId; icon: ReactNode }> = [
  { id: 'compose.reply', icon: <Reply /> },
  { id: 'compose.note', icon: <StickyNote /> },
  { id: 'conversation.assign', icon: <UserPlus /> },
  { id: 'conversation.tag', icon: <Tag /> },
  { id: 'conversation.snooze', icon: <AlarmClock /> },
];

/** A button of an action: enabled when the screen that does it is there and can now. */
function ActionButton({ id, icon, enabled }: { id: ActionId; icon: ReactNode; enabled: boolean }) {
  const spec: { title: string; keys?: readonly string[] } = ACTIONS[id];
  const key = spec.keys?.[0];
  return (
    <IconButton
      label={spec.title.replace(/…$/, '')}
      icon={icon}
      shortcut={key}
      aria-keyshortcuts={key ? ariaShortcut(key) : undefined}
      disabled={!enabled}
      onClick={() => runAction(id)}
    />
  );
}

export interface ConversationHeaderProps {
  subject: string;
  team: Pick<ConversationView, 'status' | 'assignee' | 'tags'>;
  teammates: readonly TeamMember[];
  tags: readonly TagInfo[];
  here: readonly TeammateHere[];
  /** Shows the contact panel; absent while it is shown. */
  onShowContact?: () => void;
}

/** Subject, state (status, assignee, tags), who else is here, and what can be done. */
export function ConversationHeader({
  subject,
  team,
  teammates,
  tags,
  here,
  onShowContact,
}: ConversationHeaderProps) {
  const available = new Map(useAvailableActions().map((action) => [action.id, action.enabled]));
  const status = STATUS[team.status] ?? { label: team.status, tone: 'neutral' as const };
  const closed = team.status === 'closed';
  const closeAction: ActionId = closed ? 'conversation.reopen' : 'conversation.close';
  const assignee = team.assignee;
  return (
    <header className="conversation-header">
      <div className="conversation-header__top">
        <h2 className="conversation-header__subject">{visibleText(subject) || '(no subject)'}</h2>
        <div
          className="conversation-header__actions"
          role="toolbar"
          aria-label="Conversation actions"
        >
          {HEADER_ACTIONS.map(({ id, icon }) => (
            <ActionButton key={id} id={id} icon={icon} enabled={available.get(id) ?? false} />
          ))}
          <ActionButton
            id={closeAction}
            icon={closed ? <RotateCcw /> : <CircleCheck />}
            enabled={available.get(closeAction) ?? false}
          />
          {onShowContact ? (
            <IconButton
              label="Show contact panel"
              icon={<PanelRightOpen />}
              onClick={onShowContact}
            />
          ) : null}
        </div>
      </div>
      <div className="conversation-header__meta">
        <Badge tone={status.tone} dot>
          {status.label}
        </Badge>
        <span className="conversation-header__assignee">
          {assignee ? (
            <>
              <Avatar
                name={teammateName(assignee, teammates)}
                email={assignee}
                size="xs"
                decorative
              />
              <span>
                <span className="visually-hidden">Assigned to </span>
                {teammateName(assignee, teammates)}
              </span>
            </>
          ) : (
            <span className="conversation-header__unassigned">Unassigned</span>
          )}
        </span>
        {team.tags.length > 0 ? (
          <ul className="conversation-header__tags" aria-label="Tags">
            {team.tags.map((tag) => (
              <li key={tag}>
                <TagChip
                  name={tag}
                  color={
                    tags.find((known) => known.name.toLowerCase() === tag.toLowerCase())?.color
                  }
                />
              </li>
            ))}
          </ul>
        ) : null}
        <TeammatesHere here={here} />
      </div>
    </header>
  );
}
