import { useCallback, type ReactNode } from 'react';
import { CircleAlert } from 'lucide-react';
import { openAttachment } from '../../bridge/attachment-files.js';
import { loadMessageContent, reloadConversation } from '../../bridge/conversation-bridge.js';
import { Button } from '../../components/ui/button.js';
import { EmptyState } from '../../components/ui/empty-state.js';
import { useConversationStore } from '../../stores/conversation-store.js';
import { useConversationsStore } from '../../stores/conversations-store.js';
import { useMessageContentStore } from '../../stores/message-content-store.js';
import { usePresenceStore } from '../../stores/presence-store.js';
import { useRemoteImagesStore } from '../../stores/remote-images-store.js';
import { useToastStore } from '../../stores/toast-store.js';
import { useUiStore } from '../../stores/ui-store.js';
import { useWorkspaceStore } from '../../stores/workspace-store.js';
import type { AttachmentMode } from './attachment-list.js';
import { ConversationSkeleton } from './conversation-skeleton.js';
import { ConversationView } from './conversation-view.js';
import './conversation.css';

export interface ConversationScreenProps {
  /** Below the timeline: the composer, when it is open. */
  footer?: ReactNode;
}

/** The open conversation, from the stores (the conversation bridge fills them). */
export function ConversationScreen({ footer }: ConversationScreenProps) {
  const openId = useConversationStore((s) => s.openId);
  const load = useConversationStore((s) => s.load);
  const view = useConversationStore((s) => s.view);
  const teammates = useWorkspaceStore((s) => s.teammates);
  const me = useWorkspaceStore((s) => s.me.email);
  const tags = useWorkspaceStore((s) => s.tags);
  const presence = usePresenceStore((s) => s.teammates);
  const contents = useMessageContentStore((s) => s.contents);
  const allowedSenders = useRemoteImagesStore((s) => s.senders);
  const allowSender = useRemoteImagesStore((s) => s.allowSender);
  const theme = useUiStore((s) => s.theme);
  const rightPanelOpen = useUiStore((s) => s.rightPanelOpen);
  const toggleRightPanel = useUiStore((s) => s.toggleRightPanel);
  const showToast = useToastStore((s) => s.show);
  const listed = useConversationsStore((s) => (view ? s.items.byId(view.id) : undefined));

  // One function for the conversation's life: the message cards are drawn again only when
  // their own props change (a message's HTML arriving redraws that card alone).
  const onAttachment = useCallback(
    (attachmentId: number, mode: AttachmentMode) => {
      openAttachment(attachmentId, mode).catch((error: unknown) =>
        showToast({
          title: 'The attachment could not be fetched',
          description: error instanceof Error ? error.message : String(error),
          tone: 'danger',
        }),
      );
    },
    [showToast],
  );

  if (openId === null) return null;
  if (!view && load.status === 'error')
    return (
      <section className="conversation" role="region" aria-label="Conversation">
        <EmptyState
          icon={<CircleAlert />}
          title="This conversation could not be opened"
          description={load.message}
          actions={<Button onClick={reloadConversation}>Try again</Button>}
        />
      </section>
    );
  if (!view) return <ConversationSkeleton />;

  return (
    <ConversationView
      view={view}
      team={listed}
      openId={openId}
      teammates={teammates}
      me={me || undefined}
      tags={tags}
      presence={presence}
      allowedSenders={allowedSenders}
      onAllowSender={allowSender}
      onAttachment={onAttachment}
      contents={contents}
      onWantContent={loadMessageContent}
      onShowContact={rightPanelOpen ? undefined : toggleRightPanel}
      theme={theme}
      footer={footer}
    />
  );
}
