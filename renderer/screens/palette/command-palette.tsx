import { Command } from 'cmdk';
import { Hash, Mail } from 'lucide-react';
import type { ReactNode } from 'react';
import {
  runAction,
  shortcutKeys,
  useAvailableActions,
  type ActionGroup,
  type AvailableAction,
} from '../../actions/index.js';
import { Kbd } from '../../components/ui/kbd.js';
import { useUiStore } from '../../stores/ui-store.js';
import { useViewsStore, type SidebarSelection } from '../../stores/views-store.js';
import { useWorkspaceStore } from '../../stores/workspace-store.js';
import { ModalFrame } from '../overlays/modal-frame.js';
import './palette.css';

/** What is done to the conversation on screen first: what a palette is opened for most. */
const PALETTE_GROUPS: readonly ActionGroup[] = ['Conversation', 'Write', 'Navigate', 'App'];

/**
 * The command palette (Ctrl+K, ⌘K on macOS): every action that can run here, matched loosely as
 * typed (cmdk's fuzzy score, on the title and its keywords), with its keys; the shared
 * mailboxes and tags to go to. Enter runs the highlighted one, after the palette closes (so an
 * action that opens something else opens it over the app).
 */
export function CommandPalette({ onClose }: { onClose: () => void }) {
  const actions = useAvailableActions();
  const mailboxes = useWorkspaceStore((s) => s.mailboxes);
  const tags = useWorkspaceStore((s) => s.tags);

  const run = (action: AvailableAction) => {
    onClose();
    runAction(action.id);
  };
  const go = (selection: SidebarSelection) => {
    useUiStore.getState().closeOverlay();
    useViewsStore.getState().select(selection);
  };

  return (
    <ModalFrame label="Command palette" onClose={onClose} className="palette">
      <Command label="Commands" loop vimBindings={false} className="palette__command">
        <div className="palette__field">
          <Command.Input className="palette__input" placeholder="Type a command…" data-autofocus />
        </div>
        <Command.List className="palette__list">
          <Command.Empty className="palette__empty">No command matches.</Command.Empty>
          {PALETTE_GROUPS.map((group) => {
            const items = actions.filter((a) => a.group === group && a.inPalette !== false);
            if (items.length === 0) return null;
            return (
              <Command.Group key={group} heading={group} className="palette__group">
                {items.map((action) => (
                  <Command.Item
                    key={action.id}
                    value={action.title}
                    keywords={[...(action.keywords ?? [])]}
                    disabled={!action.enabled}
                    onSelect={() => run(action)}
                    className="palette__item"
                  >
                    <span className="palette__title">{action.title}</span>
                    {action.keys?.[0] ? <Kbd keys={shortcutKeys(action.keys[0])} /> : null}
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
          {mailboxes.length + tags.length > 0 ? (
            <Command.Group heading="Go to" className="palette__group">
              {mailboxes.map((mailbox) => (
                <Destination
                  key={`mailbox-${mailbox.id}`}
                  icon={<Mail />}
                  title={`Mailbox: ${mailbox.name || mailbox.email}`}
                  keywords={[mailbox.email]}
                  onSelect={() => go({ kind: 'mailbox', id: mailbox.id })}
                />
              ))}
              {tags.map((tag) => (
                <Destination
                  key={`tag-${tag.id}`}
                  icon={<Hash />}
                  title={`Tag: ${tag.name}`}
                  keywords={['label']}
                  onSelect={() => go({ kind: 'tag', id: tag.id })}
                />
              ))}
            </Command.Group>
          ) : null}
        </Command.List>
        <footer className="palette__footer">
          <span>
            <Kbd keys={['↑', '↓']} /> to move <Kbd keys={['↵']} /> to run <Kbd keys={['Esc']} /> to
            close
          </span>
        </footer>
      </Command>
    </ModalFrame>
  );
}

function Destination(props: {
  icon: ReactNode;
  title: string;
  keywords: string[];
  onSelect: () => void;
}) {
  return (
    <Command.Item
      value={props.title}
      keywords={props.keywords}
      onSelect={props.onSelect}
      className="palette__item"
    >
      <span className="palette__icon" aria-hidden="true">
        {props.icon}
      </span>
      <span className="palette__title">{props.title}</span>
    </Command.Item>
  );
}
