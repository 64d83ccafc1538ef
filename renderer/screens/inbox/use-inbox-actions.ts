import type { RefObject } from 'react';
import { useRegisterActions, type ActionHandler, type ActionId } from '../../actions/index.js';
import { triage } from '../../bridge/start-bridges.js';
import { VIEW_IDS } from '../../model/views.js';
import { useConversationsStore } from '../../stores/conversations-store.js';
import { useInboxStore, type PickerKind } from '../../stores/inbox-store.js';
import { useViewsStore } from '../../stores/views-store.js';
import { useWorkspaceStore } from '../../stores/workspace-store.js';
import type { ConversationListHandle } from './conversation-list.js';

/** What an action acts on: the open conversation, else the list's selected row. */
function currentId(): string | null {
  const { openId, selectedId } = useConversationsStore.getState();
  return openId ?? selectedId;
}

function currentItem() {
  return useConversationsStore.getState().items.byId(currentId());
}

/**
 * j/k (and ↓/↑): the next or previous row; with a conversation open, it opens, as a reader moves
 * through the inbox. A row whose page has not come yet is not stepped onto (its page is on its
 * way: the rows around the cursor are in view, and the list asks for the pages in view).
 */
function move(delta: 1 | -1): void {
  const { items, selectedId, openId, select, open } = useConversationsStore.getState();
  if (items.length === 0) return;
  const at = items.indexOf(selectedId);
  const next = at < 0 ? 0 : Math.min(items.length - 1, Math.max(0, at + delta));
  const id = items.at(next)?.id;
  if (id === undefined) return;
  if (openId !== null) open(id);
  else select(id);
}

const hasCurrent = () => currentId() !== null;

/** The inbox's actions (the catalogue's list, triage and view actions), while it is shown. */
export function useInboxActions(list: RefObject<ConversationListHandle | null>): void {
  const picker = (kind: PickerKind): ActionHandler => ({
    run: () => {
      const id = currentId();
      if (id !== null) useInboxStore.getState().openPicker(kind, id);
    },
    enabled: hasCurrent,
  });
  const withStatus = (status: 'open' | 'closed'): ActionHandler => ({
    run: () => {
      const id = currentId();
      if (id !== null) triage().setStatus(id, status);
    },
    // Unknown (opened from elsewhere): offered; the app says if there was nothing to do.
    enabled: () => hasCurrent() && currentItem()?.status !== status,
  });
  const views = {} as Partial<Record<ActionId, ActionHandler>>;
  for (const id of VIEW_IDS)
    views[`view.${id}`] = { run: () => useViewsStore.getState().select({ kind: 'view', id }) };

  useRegisterActions({
    'list.next': {
      run: () => move(1),
      enabled: () => useConversationsStore.getState().items.length > 0,
    },
    'list.previous': {
      run: () => move(-1),
      enabled: () => useConversationsStore.getState().items.length > 0,
    },
    'conversation.open': {
      run: () => {
        const { selectedId, open } = useConversationsStore.getState();
        if (selectedId !== null) open(selectedId);
      },
      enabled: () => useConversationsStore.getState().selectedId !== null,
    },
    'conversation.back': {
      run: () => {
        useConversationsStore.getState().open(null);
        list.current?.focus();
      },
      enabled: () => useConversationsStore.getState().openId !== null,
    },
    'conversation.close': withStatus('closed'),
    'conversation.reopen': withStatus('open'),
    'conversation.assignToMe': {
      run: () => {
        const id = currentId();
        if (id !== null) triage().assign(id, 'me');
      },
      enabled: () => {
        const me = useWorkspaceStore.getState().me.email.toLowerCase();
        return hasCurrent() && (!me || currentItem()?.assignee?.toLowerCase() !== me);
      },
    },
    'conversation.assign': picker('assign'),
    'conversation.tag': picker('tag'),
    'conversation.snooze': picker('snooze'),
    ...views,
  });
}
