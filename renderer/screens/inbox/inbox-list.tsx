import { useCallback, useMemo, useRef } from 'react';
import type { ConversationListItem } from '../../../src/app/index.js';
import { ListPane } from '../../layout/list-pane.js';
import { selectionCopy } from '../../layout/selection-copy.js';
import { useConversationsStore } from '../../stores/conversations-store.js';
import { usePresenceStore } from '../../stores/presence-store.js';
import { useViewsStore, type SidebarSelection } from '../../stores/views-store.js';
import { useWorkspaceStore } from '../../stores/workspace-store.js';
import { ConversationList, type ConversationListHandle } from './conversation-list.js';
import { rowContext, rowModelOf } from './row-model.js';
import { TriagePickers } from './triage-pickers.js';
import { useInboxActions } from './use-inbox-actions.js';

/** Views of one status: their rows need not say it. */
function showsStatus(selected: SidebarSelection): boolean {
  return !(selected.kind === 'view' && ['pending', 'snoozed', 'closed'].includes(selected.id));
}

/**
 * The list pane of the inbox: what the sidebar selected, its conversations (a click or Enter
 * opens one), the keys that move through them and triage them, and the triage pickers.
 */
export function InboxList() {
  const selected = useViewsStore((s) => s.selected);
  const load = useConversationsStore((s) => s.load);
  const items = useConversationsStore((s) => s.items);
  const selectedId = useConversationsStore((s) => s.selectedId);
  const openId = useConversationsStore((s) => s.openId);
  const open = useConversationsStore((s) => s.open);
  const setVisible = useConversationsStore((s) => s.setVisible);
  const mailboxes = useWorkspaceStore((s) => s.mailboxes);
  const tags = useWorkspaceStore((s) => s.tags);
  const teammates = useWorkspaceStore((s) => s.teammates);
  const present = usePresenceStore((s) => s.teammates);

  const context = useMemo(
    () =>
      rowContext(
        teammates,
        mailboxes.map((mailbox) => mailbox.email),
        tags,
        present,
      ),
    [teammates, mailboxes, tags, present],
  );
  const rowOf = useCallback((item: ConversationListItem) => rowModelOf(item, context), [context]);
  const list = useRef<ConversationListHandle>(null);
  useInboxActions(list);
  const copy = selectionCopy(selected, mailboxes, tags);

  return (
    <>
      <ListPane
        title={copy.title}
        count={load.status === 'ready' ? items.length : null}
        load={load}
        isEmpty={items.length === 0}
        empty={copy.empty}
      >
        <ConversationList
          ref={list}
          items={items}
          rowOf={rowOf}
          selectedId={selectedId}
          openId={openId}
          showStatus={showsStatus(selected)}
          onPick={open}
          onRange={setVisible}
        />
      </ListPane>
      <TriagePickers />
    </>
  );
}
