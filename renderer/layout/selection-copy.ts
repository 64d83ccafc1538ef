import type { TagInfo } from '../../src/app/index.js';
import { VIEWS } from '../model/views.js';
import type { SidebarSelection } from '../stores/views-store.js';
import type { MailboxEntry } from '../stores/workspace-store.js';

export interface SelectionCopy {
  title: string;
  empty: { title: string; description: string };
}

/** The list pane's heading and empty state for what the sidebar has selected. */
export function selectionCopy(
  selected: SidebarSelection,
  mailboxes: readonly MailboxEntry[],
  tags: readonly TagInfo[],
): SelectionCopy {
  if (selected.kind === 'view') {
    const view = VIEWS[selected.id];
    return {
      title: view.label,
      empty: { title: view.emptyTitle, description: view.emptyDescription },
    };
  }
  if (selected.kind === 'mailbox') {
    const mailbox = mailboxes.find((m) => m.id === selected.id);
    const title = mailbox ? mailbox.name || mailbox.email : 'Mailbox';
    return {
      title,
      empty: {
        title: 'No conversations here',
        description: 'Mail that arrives in this mailbox is listed here once it syncs.',
      },
    };
  }
  const tag = tags.find((t) => t.id === selected.id);
  return {
    title: tag?.name ?? 'Tag',
    empty: {
      title: 'Nothing tagged yet',
      description: 'Tag a conversation with t and it is listed here.',
    },
  };
}
