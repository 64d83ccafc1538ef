import type {
  AppEvent,
  ConversationListItem,
  MethodInput,
  MethodName,
  MethodOutput,
  TagInfo,
  TeammatePresence,
  TeamMember,
} from '../../../src/app/index.js';
import type { AppLink } from '../../../renderer/app-link.js';

/*
 * A page's link for component tests: the contract's calls answered from a small workspace in
 * memory (the page's own interface, so components run as in the app without a host). The real
 * app is what the bridge tests (over its dispatcher) and the end-to-end tests use.
 */

export interface FakeWorkspace {
  me: TeamMember;
  members: TeamMember[];
  tags: TagInfo[];
  conversations: ConversationListItem[];
  presence: TeammatePresence[];
}

type Handler<M extends MethodName> = (input: MethodInput<M>) => MethodOutput<M>;

export class FakeAppLink implements AppLink {
  readonly state = 'online' as const;
  readonly calls: Array<{ method: MethodName; params: unknown }> = [];
  /** The lists asked for, in order (their filters and pages). */
  readonly asked: Array<MethodInput<'mail.conversations'>> = [];
  private readonly listeners = new Set<(event: AppEvent) => void>();

  constructor(readonly workspace: FakeWorkspace) {}

  call<M extends MethodName>(method: M, params?: MethodInput<M>): Promise<MethodOutput<M>> {
    this.calls.push({ method, params });
    const handler = (this.handlers as Partial<Record<MethodName, Handler<M>>>)[method];
    if (!handler) return Promise.reject(new Error(`the fake link does not answer ${method}`));
    return new Promise((resolve) => resolve(handler((params ?? {}) as MethodInput<M>)));
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(): () => void {
    return () => undefined;
  }

  emit(event: AppEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** The conversations a list filter selects (notes are not in memory: nobody is mentioned). */
  private listed(input: MethodInput<'mail.conversations'>): ConversationListItem[] {
    if (input.mentioned !== undefined) return [];
    return this.workspace.conversations.filter(
      (c) =>
        (input.status === undefined || c.status === input.status) &&
        (input.assignee === undefined ||
          (input.assignee === 'none'
            ? c.assignee === null
            : c.assignee ===
              (input.assignee === 'me' ? this.workspace.me.email : input.assignee.email))) &&
        (input.tag === undefined || c.tags.includes(input.tag)),
    );
  }

  private change(conversationId: string, fields: Partial<ConversationListItem>) {
    const list = this.workspace.conversations;
    const at = list.findIndex((c) => c.id === conversationId);
    list[at] = { ...list[at]!, ...fields };
    // As the app does: told after it answered.
    queueMicrotask(() =>
      this.emit({
        type: 'conversations.changed',
        conversationIds: [conversationId],
        source: 'local',
      }),
    );
    return { conversationId, done: 'done', delivery: 'solo' as const };
  }

  private readonly handlers: { [M in MethodName]?: Handler<M> } = {
    'session.whoami': () => ({
      memberId: this.workspace.me.id,
      name: this.workspace.me.name,
      email: this.workspace.me.email,
      role: this.workspace.me.role,
      workspaceId: 'w1',
      workspaceName: 'Acme',
      solo: false,
    }),
    'team.members': () => this.workspace.members,
    'team.tags': () => this.workspace.tags,
    'team.presence': () => this.workspace.presence,
    'team.setViewing': () => null,
    'accounts.list': () => [],
    'mail.folders': () => [],
    'mail.search': () => ({ hits: [], cut: null }),
    'sync.status': () => ({ running: true, accounts: [], team: 'online' }),
    'mail.conversations': (input) => {
      this.asked.push(input);
      const offset = input.offset ?? 0;
      return this.listed(input).slice(
        offset,
        input.limit === undefined ? undefined : offset + input.limit,
      );
    },
    'mail.counts': () => {
      const count = (filter: MethodInput<'mail.conversations'>) => this.listed(filter).length;
      const open = this.listed({ status: 'open' });
      return {
        views: {
          unassigned: count({ assignee: 'none', status: 'open' }),
          mine: count({ assignee: 'me', status: 'open' }),
          open: open.length,
          pending: count({ status: 'pending' }),
          snoozed: count({ status: 'snoozed' }),
          closed: count({ status: 'closed' }),
          mentions: 0,
        },
        unread: open.filter((c) => c.unread).length,
      };
    },
    'triage.setStatus': (input) => this.change(input.conversationId, { status: input.status }),
    'triage.assign': (input) =>
      this.change(input.conversationId, {
        assignee:
          input.to === 'none' ? null : input.to === 'me' ? this.workspace.me.email : input.to.email,
      }),
    'triage.tag': (input) => {
      const tags = this.workspace.conversations.find((c) => c.id === input.conversationId)!.tags;
      return this.change(input.conversationId, {
        tags: [...tags.filter((t) => !input.remove?.includes(t)), ...(input.add ?? [])],
      });
    },
  };
}

/** A conversation as the list has it, for fixtures. */
export function listItem(
  id: string,
  fields: Partial<ConversationListItem> = {},
): ConversationListItem {
  return {
    id,
    subject: `Subject ${id}`,
    messageCount: 1,
    lastMessageAt: '2026-03-01T09:00:00.000Z',
    participants: [`${id}@customer.example`, 'support@example.com'],
    unread: false,
    status: 'open',
    assignee: null,
    tags: [],
    lastReply: null,
    from: { name: '', email: fields.participants?.[0] ?? `${id}@customer.example` },
    snippet: '',
    ...fields,
  };
}
