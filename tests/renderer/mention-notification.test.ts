// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView, Note } from '../../src/app/index.js';
import { startNotificationsBridge } from '../../renderer/bridge/notifications-bridge.js';
import { useToastStore } from '../../renderer/stores/toast-store.js';
import { useWorkspaceStore } from '../../renderer/stores/workspace-store.js';
import { until } from '../helpers/wait.js';
import { conversation, TEAMMATES } from './support/conversation-fixtures.js';
import { scriptedLink, type ScriptedLink } from './support/scripted-link.js';

/*
 * A teammate's note that names this member by address notifies them as the Mentions view lists
 * it, by its text: whether or not the writer's app resolved the mention (it may not have known
 * this member's address yet).
 */

const ME = 'ana@northwind.example';
const TOLD = 'Bo Chen mentioned you';

function note(overrides: Partial<Note>): Note {
  return {
    id: 'n1',
    author: 'bo@northwind.example',
    text: '',
    createdAt: new Date().toISOString(),
    mentions: [],
    ...overrides,
  };
}

let view: ConversationView;
let link: ScriptedLink;
let stop: () => void;

beforeEach(() => {
  useToastStore.setState({ toasts: [] });
  useWorkspaceStore.getState().setWorkspace({
    name: null,
    me: { name: 'Ana Lima', email: ME },
    mailboxes: [],
    tags: [],
    teammates: TEAMMATES,
  });
  link = scriptedLink({ 'mail.conversation': () => Promise.resolve(view) });
  stop = startNotificationsBridge(link).stop;
});

afterEach(() => stop());

const titles = () => useToastStore.getState().toasts.map((toast) => toast.title);
const told = (notes: Note[]) => {
  view = conversation({ assignee: null, notes });
  link.emit({ type: 'conversations.changed', conversationIds: [view.id], source: 'team' });
};

describe('a mention notifies', () => {
  it('when the writer’s app resolved it', async () => {
    told([note({ text: '@ana@northwind.example can you check?', mentions: [ME] })]);
    await until('the notification', () => titles().includes(TOLD));
  });

  it('when the writer’s app did not know the address yet: the text names it', async () => {
    told([note({ text: 'Can you check, @Ana@Northwind.example?', mentions: [] })]);
    await until('the notification', () => titles().includes(TOLD));
    expect(titles().filter((title) => title === TOLD)).toHaveLength(1);
  });

  it('not for a note without the address, nor for one this member wrote', async () => {
    told([
      note({ id: 'n2', text: 'ana@northwind.example without the @' }),
      note({ id: 'n3', author: ME, text: 'a note to @ana@northwind.example myself' }),
    ]);
    // The look has run (the conversation was read) and told nothing.
    await until('the conversation read', () =>
      link.calls.some((call) => call.method === 'mail.conversation'),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(titles()).toEqual([]);
  });
});
