import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBridges, triage } from '../../renderer/bridge/start-bridges.js';
import { useConversationsStore } from '../../renderer/stores/conversations-store.js';
import { useToastStore } from '../../renderer/stores/toast-store.js';
import { useViewsStore } from '../../renderer/stores/views-store.js';
import { useWorkspaceStore } from '../../renderer/stores/workspace-store.js';
import type { SyncedFacade } from '../app-facade/support/synced-facade.js';
import {
  changedFrom,
  closeAll,
  conversationsOf,
  eventOf,
  startMailbox,
  startTeam,
  teammate,
  type Team,
} from '../app-facade/support/team-fixture.js';
import type { Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { dispatcherLink, type DispatcherLink } from './support/dispatcher-link.js';
import { placesOf } from './support/list-places.js';

/*
 * Notifications of the page (the status region's toasts) over two teammates' real apps on one
 * team server: Ben's page is told when Ada assigns him a conversation or mentions him in a note,
 * and only then.
 */

let dovecot: Dovecot;
let team: Team;
let ada: SyncedFacade;
let ben: SyncedFacade;
let link: DispatcherLink;
let stop: (() => void) | undefined;
let ids: { refund: string; printer: string };

/** The notifications shown (a toast that opens what it tells of; an action's toast undoes). */
const notifications = () =>
  useToastStore
    .getState()
    .toasts.filter((toast) => toast.action?.label === 'Open')
    .map((toast) => toast.title);

beforeAll(async () => {
  dovecot = await startMailbox();
  team = await startTeam();
  ada = await teammate(dovecot, team, team.adminToken);
  ben = await teammate(dovecot, team, team.addMember('ben').token);
  ids = await conversationsOf(ben);
  // Ben's app runs as the desktop app does: its running sync hears the team.
  await ben.app.sync.start();
  await eventOf(ben, 'sync.team');
  link = dispatcherLink(ben);
  stop = startBridges(link);
  await until('who Ben is', () => useWorkspaceStore.getState().me.email === 'ben@example.com');
  await until('the list', () => useConversationsStore.getState().items.length === 2);
});

afterAll(async () => {
  stop?.();
  await ben?.app.sync.stop();
  await closeAll([ada, ben], team, dovecot);
});

/** Waits until Ben's app has heard Ada's change of `id` (and so has his page). */
async function heard(id: string, from: number): Promise<void> {
  await eventOf(ben, 'conversations.changed', changedFrom('team', id), from);
}

describe('notifications', () => {
  it('tell Ben when Ada assigns him a conversation, naming it, with a way to open it', async () => {
    const from = ben.events.length;
    await ada.app.triage.assign({ conversationId: ids.refund, to: { email: 'ben@example.com' } });
    await heard(ids.refund, from);
    const toast = await until('the notification', () =>
      useToastStore.getState().toasts.find((t) => t.title === 'Assigned to you by a teammate'),
    );
    expect(toast.description).toBe('Refund');
    toast.action!.onAction();
    expect(useConversationsStore.getState().openId).toBe(ids.refund);
  });

  it('tell Ben when a note of Ada mentions him, with its words; not for a note without him', async () => {
    const from = ben.events.length;
    await ada.app.triage.note({ conversationId: ids.printer, text: 'Nothing for anyone here.' });
    await ada.app.triage.note({
      conversationId: ids.printer,
      text: '@ben@example.com could you call them back?',
    });
    await heard(ids.printer, from);
    const toast = await until('the mention', () =>
      useToastStore.getState().toasts.find((t) => t.title === 'Ada mentioned you'),
    );
    expect(toast.description).toBe('Printer: “@ben@example.com could you call them back?”');
    expect(notifications().filter((title) => title === 'Ada mentioned you')).toHaveLength(1);
    // Mentions counts it, and lists it (the note without him is no mention).
    await until('the Mentions count', () => useViewsStore.getState().counts?.mentions === 1);
    useViewsStore.getState().select({ kind: 'view', id: 'mentions' });
    await until('the Mentions list', () =>
      placesOf(useConversationsStore.getState().items)
        .map((item) => item?.subject)
        .includes('Printer'),
    );
    expect(placesOf(useConversationsStore.getState().items).map((item) => item?.subject)).toEqual([
      'Printer',
    ]);
    useViewsStore.getState().select({ kind: 'view', id: 'unassigned' });
  });

  it('say nothing of what Ben does himself, nor of what Ada does that is not for him', async () => {
    useToastStore.setState({ toasts: [] });
    // Ben takes the printer himself: his own change (a toast of the action, not a notification).
    triage().assign(ids.printer, 'me');
    const from = ben.events.length;
    // Ada unassigns the refund from Ben, and closes it: news, not for Ben's attention.
    await ada.app.triage.assign({ conversationId: ids.refund, to: 'none' });
    await ada.app.triage.setStatus({ conversationId: ids.refund, status: 'closed' });
    const asked = link.calls.length;
    await heard(ids.refund, from);
    // The page looked at it (a burst is looked at once: an unassign and a new assignment in one
    // burst would be no news).
    await until('the page to look at the refund', () =>
      link.calls
        .slice(asked)
        .some(
          (call) =>
            call.method === 'mail.conversation' &&
            (call.params as { conversationId: string }).conversationId === ids.refund &&
            call.answered,
        ),
    );
    // Then one that is for him: it is told, and it is the only notification.
    const later = ben.events.length;
    await ada.app.triage.assign({ conversationId: ids.refund, to: { email: 'ben@example.com' } });
    await heard(ids.refund, later);
    await until('the assignment', () => notifications().length > 0);
    expect(notifications()).toEqual(['Assigned to you by a teammate']);
  });

  it("say nothing when Ada changes one of Ben's that his page has not listed (a list of 100,000 is loaded a page at a time)", async () => {
    // The refund is Ben's, closed (the last test); his page starts again on Pending, without it.
    stop?.();
    useToastStore.setState({ toasts: [] });
    // Nothing open: what looks at the refund is the notifications' look alone.
    useConversationsStore.getState().open(null);
    useViewsStore.getState().select({ kind: 'view', id: 'pending' });
    stop = startBridges(link);
    await until('the Pending list', () => useConversationsStore.getState().load.status === 'ready');
    await until('the page to know what is Ben’s', () =>
      link.calls.some(
        (call) =>
          call.method === 'mail.conversations' &&
          (call.params as { assignee?: unknown }).assignee === 'me' &&
          call.answered,
      ),
    );
    expect(useConversationsStore.getState().items.indexOf(ids.refund) >= 0).toBe(false);
    const from = ben.events.length;
    const asked = link.calls.length;
    await ada.app.triage.tag({ conversationId: ids.refund, add: ['billing'] });
    await heard(ids.refund, from);
    await until('the page to look at the refund', () =>
      link.calls
        .slice(asked)
        .some(
          (call) =>
            call.method === 'mail.conversation' &&
            (call.params as { conversationId: string }).conversationId === ids.refund &&
            call.answered,
        ),
    );
    // It was Ben's before Ada's change, as it is now: no news.
    expect(notifications()).toEqual([]);
    // Ada takes it from Ben (looked at: no news for him), then gives it back: that is told.
    const unassigned = ben.events.length;
    const before = link.calls.length;
    await ada.app.triage.assign({ conversationId: ids.refund, to: 'none' });
    await heard(ids.refund, unassigned);
    await until('the page to look at the refund again', () =>
      link.calls
        .slice(before)
        .some(
          (call) =>
            call.method === 'mail.conversation' &&
            (call.params as { conversationId: string }).conversationId === ids.refund &&
            call.answered,
        ),
    );
    const later = ben.events.length;
    await ada.app.triage.assign({ conversationId: ids.refund, to: { email: 'ben@example.com' } });
    await heard(ids.refund, later);
    await until('the assignment', () => notifications().length > 0);
    expect(notifications()).toEqual(['Assigned to you by a teammate']);
  });

  it('also tell the OS while Ben’s window is in the background (the desktop app’s native notifications), and a click opens it', async () => {
    // This file runs in Node: the page's document, window and Notification API (as a browser
    // has them where notifications are allowed), the window in front or not as the test says.
    const shown: RecordedNotification[] = [];
    class RecordedNotification {
      static permission = 'granted';
      onclick: (() => void) | null = null;
      closed = false;
      constructor(
        readonly title: string,
        readonly options: { body?: string; tag?: string },
      ) {
        shown.push(this);
      }
      close() {
        this.closed = true;
      }
    }
    let inFront = true;
    vi.stubGlobal('Notification', RecordedNotification);
    vi.stubGlobal('document', { visibilityState: 'visible', hasFocus: () => inFront });
    vi.stubGlobal('window', { focus: () => undefined });
    try {
      // In front: the page's own notification only.
      useToastStore.setState({ toasts: [] });
      let from = ben.events.length;
      await ada.app.triage.note({
        conversationId: ids.printer,
        text: '@ben@example.com the part came in',
      });
      await heard(ids.printer, from);
      await until('the notification', () =>
        useToastStore.getState().toasts.some((t) => t.description?.includes('the part came in')),
      );
      expect(shown).toEqual([]);
      // In the background: the OS is told too, with the same words.
      inFront = false;
      useConversationsStore.getState().open(null);
      from = ben.events.length;
      await ada.app.triage.note({
        conversationId: ids.printer,
        text: '@ben@example.com and it fits',
      });
      await heard(ids.printer, from);
      await until('the OS notification', () => shown.length === 1);
      const toast = useToastStore
        .getState()
        .toasts.find((t) => t.description?.includes('and it fits'))!;
      expect(shown[0]).toMatchObject({
        title: toast.title,
        options: { body: toast.description, tag: expect.stringMatching(/^note:/) as string },
      });
      shown[0]!.onclick!();
      expect(useConversationsStore.getState().openId).toBe(ids.printer);
      expect(shown[0]!.closed).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
