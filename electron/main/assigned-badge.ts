import type { AppEvent, ConversationCounts, Dispatcher } from '../../src/app/index.js';

/** Events after which the count may have changed, gathered for this long into one recount. */
export const BADGE_SETTLE_MS = 250;

/** Events that may change what is assigned to this member, or whether it is open. */
const RECOUNT_ON: readonly AppEvent['type'][] = [
  'conversations.changed',
  'accounts.changed',
  'team.directory',
];

/**
 * Keeps the dock's (macOS) or taskbar's badge at the number of open conversations assigned to
 * this member: the Mine view's count (mail.counts), as the sidebar shows it. Counted at once,
 * then again once a burst of changes settles (a sync pass or a teammate's triage tells many); a
 * count that fails (the app closing) leaves the badge as it is. Asked through the dispatcher, as
 * main reaches the app (in its own process). Returns what stops it.
 */
export function followAssignedCount(
  app: Pick<Dispatcher, 'handle' | 'subscribe'>,
  show: (count: number) => void,
  settleMs = BADGE_SETTLE_MS,
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let shown: number | undefined;
  const recount = async () => {
    timer = undefined;
    const answer = await app.handle({ method: 'mail.counts', params: {} });
    // One that failed is counted again at the next change.
    if (!answer.ok || stopped) return;
    const { views } = answer.result as ConversationCounts;
    if (views.mine === shown) return;
    shown = views.mine;
    show(views.mine);
  };
  const unsubscribe = app.subscribe((event) => {
    if (stopped || !RECOUNT_ON.includes(event.type) || timer !== undefined) return;
    timer = setTimeout(() => void recount(), settleMs);
  });
  void recount();
  return () => {
    stopped = true;
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}
