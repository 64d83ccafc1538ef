import { Command, defaultFilter, useCommandState } from 'cmdk';
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
  return (
    <ModalFrame label="Command palette" onClose={onClose} className="palette">
      <Command label="Commands" loop vimBindings={false} className="palette__command">
        <div className="palette__field">
          <Command.Input className="palette__input" placeholder="Type a command…" data-autofocus />
        </div>
        <Command.List className="palette__list">
          <Command.Empty className="palette__empty">No command matches.</Command.Empty>
          <Sections onClose={onClose} />
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

/** A group of the palette: what it matches on (to be placed by its best match), and itself. */
interface Section {
  key: string;
  entries: ReadonlyArray<{ title: string; keywords: readonly string[]; enabled: boolean }>;
  node: ReactNode;
}

/**
 * The palette's groups, the one holding the best match for what is typed first. cmdk orders the
 * items within a group by how well they match, but leaves the groups in their order: a loose
 * match in the first group ("send" for "go mine") was highlighted ahead of the exact one below.
 */
function Sections({ onClose }: { onClose: () => void }) {
  const search = useCommandState((state) => state.search);
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

  const sections: Section[] = PALETTE_GROUPS.map((group) => {
    const items = actions.filter((a) => a.group === group && a.inPalette !== false);
    return {
      key: group,
      entries: items.map((action) => ({
        title: action.title,
        keywords: action.keywords ?? [],
        enabled: action.enabled,
      })),
      node:
        items.length === 0 ? null : (
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
        ),
    };
  });
  const destinations = [
    ...mailboxes.map((mailbox) => ({
      key: `mailbox-${mailbox.id}`,
      icon: <Mail />,
      title: `Mailbox: ${mailbox.name || mailbox.email}`,
      keywords: [mailbox.email],
      selection: { kind: 'mailbox', id: mailbox.id } as const,
    })),
    ...tags.map((tag) => ({
      key: `tag-${tag.id}`,
      icon: <Hash />,
      title: `Tag: ${tag.name}`,
      keywords: ['label'],
      selection: { kind: 'tag', id: tag.id } as const,
    })),
  ];
  sections.push({
    key: 'Go to',
    entries: destinations.map(({ title, keywords }) => ({ title, keywords, enabled: true })),
    node:
      destinations.length === 0 ? null : (
        <Command.Group key="Go to" heading="Go to" className="palette__group">
          {destinations.map(({ key, icon, title, keywords, selection }) => (
            <Destination
              key={key}
              icon={icon}
              title={title}
              keywords={keywords}
              onSelect={() => go(selection)}
            />
          ))}
        </Command.Group>
      ),
  });
  return <>{byBestMatch(sections, search).map((section) => section.node)}</>;
}

/** The sections, the best match for `search` first (a stable sort: ties keep their order). */
export function byBestMatch<S extends Pick<Section, 'entries'>>(
  sections: readonly S[],
  search: string,
): S[] {
  if (!search.trim()) return [...sections];
  const best = (section: S) =>
    Math.max(
      0,
      ...section.entries
        .filter((entry) => entry.enabled)
        .map((entry) => defaultFilter(entry.title, search, [...entry.keywords])),
    );
  const scored = sections.map((section) => ({ section, score: best(section) }));
  return scored.sort((a, b) => b.score - a.score).map(({ section }) => section);
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
