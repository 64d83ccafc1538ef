import type { ConversationListItem } from '../../src/app/index.js';

/** What triage changes of a conversation: the fields a list filters on. */
export type TeamFields = Pick<ConversationListItem, 'status' | 'assignee' | 'tags'>;

export interface OptimisticChange {
  key: number;
  conversationId: string;
  /** As it was shown before the change (undefined: it was not listed here). */
  before: TeamFields | undefined;
  after: TeamFields;
  /** When the app answered the call (a tick), null while it runs. */
  settledTick: number | null;
}

/**
 * Changes made here that the page shows at once, before the app's lists carry them (an action
 * answers in the same frame; the app's change event confirms it). A change stays shown until a
 * load that began after the app answered has come back: that load holds it, or the app refused
 * it (then it was dropped already). Each reader of lists (the list, the counts) is a consumer
 * with its own loads; a change is forgotten once every consumer has loaded past it.
 */
export class OptimisticChanges {
  private tick = 0;
  private readonly changes = new Map<number, OptimisticChange>();
  private readonly seen = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly consumers: readonly string[]) {
    for (const consumer of consumers) this.seen.set(consumer, 0);
  }

  add(change: Omit<OptimisticChange, 'key' | 'settledTick'>): number {
    const key = ++this.tick;
    this.changes.set(key, { ...change, key, settledTick: null });
    this.emit();
    return key;
  }

  /** The app did it: loads that begin from now on show it by themselves. */
  settle(key: number): void {
    const change = this.changes.get(key);
    if (change) change.settledTick = ++this.tick;
  }

  /** The app refused it: stop showing it. */
  drop(key: number): void {
    if (this.changes.delete(key)) this.emit();
  }

  /** A load begins: its mark, to ask later what it could not show. */
  begin(): number {
    return ++this.tick;
  }

  /** The changes a load begun at `mark` does not hold yet, oldest first. */
  pending(mark: number): OptimisticChange[] {
    return [...this.changes.values()].filter(
      (change) => change.settledTick === null || change.settledTick > mark,
    );
  }

  /** A consumer's load begun at `mark` is shown: what every consumer holds is forgotten. */
  loaded(consumer: string, mark: number): void {
    this.seen.set(consumer, Math.max(this.seen.get(consumer) ?? 0, mark));
    const oldest = Math.min(...this.consumers.map((name) => this.seen.get(name) ?? 0));
    for (const [key, change] of this.changes)
      if (change.settledTick !== null && change.settledTick < oldest) this.changes.delete(key);
  }

  /** Called when a change is added or dropped. Returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** The items with the changes shown on them (the caller filters out what left its list). */
export function withChanges(
  items: readonly ConversationListItem[],
  changes: readonly OptimisticChange[],
): ConversationListItem[] {
  if (changes.length === 0) return [...items];
  const byId = new Map<string, TeamFields>();
  for (const change of changes) byId.set(change.conversationId, change.after);
  return items.map((item) => {
    const after = byId.get(item.id);
    return after ? { ...item, ...after } : item;
  });
}
