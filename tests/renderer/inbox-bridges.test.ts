import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBridges, triage } from '../../renderer/bridge/start-bridges.js';
import { ListRows } from '../../renderer/model/list-rows.js';
import { LOADING } from '../../renderer/stores/load-state.js';
import { useConnectionStore } from '../../renderer/stores/connection-store.js';
import { useConversationsStore } from '../../renderer/stores/conversations-store.js';
import { useToastStore } from '../../renderer/stores/toast-store.js';
import { useViewsStore } from '../../renderer/stores/views-store.js';
import { useWorkspaceStore } from '../../renderer/stores/workspace-store.js';
import { openSyncedFacade, type SyncedFacade } from '../app-facade/support/synced-facade.js';
import { appendMessage, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import { plainMessage, uniqueMessageId } from '../sync/support/mail.js';
import { dispatcherLink, type DispatcherLink } from './support/dispatcher-link.js';
import { placesOf } from './support/list-places.js';

/*
 * The inbox's bridges over the real app (a facade on a Dovecot account, called through its
 * dispatcher as every transport calls it, its events pushed the same way): what the sidebar,
 * the list and the connection show as the app answers, changes and is lost.
 */

const SUBJECTS = ['Password reset', 'Invoice copy', 'Printer jams', 'Refund never arrived'];

let dovecot: Dovecot;
let facade: SyncedFacade;
let link: DispatcherLink;
let stop: (() => void) | undefined;

const store = () => useConversationsStore.getState();
const subjects = () => placesOf(store().items).map((item) => item?.subject ?? '(not loaded)');
const counts = () => useViewsStore.getState().counts;

async function idOf(subject: string): Promise<string> {
  const found = (await facade.app.mail.conversations({})).find((c) => c.subject === subject);
  if (!found) throw new Error(`no conversation "${subject}"`);
  return found.id;
}

/** Waits until the list is the app's answer for `check`, and returns its subjects. */
function listed(why: string, check: (subjects: string[]) => boolean): Promise<string[]> {
  return until(why, () =>
    store().load.status === 'ready' && check(subjects()) ? subjects() : undefined,
  );
}

beforeAll(async () => {
  dovecot = await startDovecot();
  for (const [day, subject] of SUBJECTS.entries())
    await appendMessage(
      dovecot,
      'support',
      'INBOX',
      plainMessage({
        from: `Customer ${day} <customer${day}@customer.example>`,
        to: 'Support <support@example.com>',
        subject,
        date: new Date(Date.UTC(2026, 2, day + 1, 9)),
        messageId: uniqueMessageId('inbox'),
        text: `About ${subject}.`,
      }),
    );
  facade = await openSyncedFacade(dovecot, 'support');
});

beforeEach(() => {
  link = dispatcherLink(facade);
  useViewsStore.setState({ selected: { kind: 'view', id: 'unassigned' }, counts: null });
  useConversationsStore.setState({
    items: ListRows.EMPTY,
    load: LOADING,
    selectedId: null,
    openId: null,
  });
  useToastStore.setState({ toasts: [] });
  stop = startBridges(link);
});

afterEach(() => {
  stop?.();
  stop = undefined;
});

afterAll(async () => {
  await facade?.close();
  await dovecot?.stop();
});

describe('the inbox bridges over the app', () => {
  it('fill the sidebar and the list: who this is, the mailbox and its unread, the counts, Unassigned newest first', async () => {
    await until('the workspace', () => useWorkspaceStore.getState().load.status === 'ready');
    expect(useWorkspaceStore.getState()).toMatchObject({
      me: { email: 'support@example.com' },
      mailboxes: [
        { id: facade.account.id, name: 'Support', email: 'support@example.com', unread: 4 },
      ],
    });
    // In the app's order (newest first), the cursor on the first row.
    const app = await facade.app.mail.conversations({ assignee: 'none', status: 'open' });
    expect(app.map((c) => c.subject).sort()).toEqual([...SUBJECTS].sort());
    expect(await listed('the Unassigned list', (s) => s.length === 4)).toEqual(
      app.map((c) => c.subject),
    );
    expect(store().selectedId).toBe(app[0]!.id);
    await until('the counts', () => counts()?.closed !== undefined);
    expect(counts()).toEqual({
      unassigned: 4,
      mine: 0,
      open: 4,
      pending: 0,
      snoozed: 0,
      closed: 0,
      mentions: 0,
    });
    expect(useConnectionStore.getState().status).toBe('online');
  });

  it('show a close at once (the list, the counts, an undo), keep it through the reloads that follow, and undo it', async () => {
    await listed('the list', (s) => s.length === 4);
    await until('the counts', () => counts()?.unassigned === 4);
    const printer = await idOf('Printer jams');
    store().select(printer);
    const listedBefore = subjects();

    triage().setStatus(printer, 'closed');
    // In the same task as the key press: no answer from the app yet.
    expect(subjects()).not.toContain('Printer jams');
    expect(counts()).toMatchObject({ unassigned: 3, open: 3, closed: 1 });
    // The cursor took the row that came to its place.
    const after = listedBefore[listedBefore.indexOf('Printer jams') + 1] ?? listedBefore.at(-2);
    expect(store().items.byId(store().selectedId)?.subject).toBe(after);
    const toast = useToastStore.getState().toasts.at(-1);
    expect(toast).toMatchObject({
      title: 'Closed',
      description: 'Printer jams',
      action: { label: 'Undo' },
    });

    await until('the app to hold it closed', async () =>
      (await facade.app.mail.conversations({ status: 'closed' })).some((c) => c.id === printer),
    );
    // A change after it, shown by a load that began after the close was answered: the close
    // is still shown, now as the app lists it.
    await facade.app.triage.tag({ conversationId: await idOf('Invoice copy'), add: ['billing'] });
    await until('the tag listed', () =>
      placesOf(store().items).some((item) => item?.tags.includes('billing')),
    );
    await until('the counts recounted', () => counts()?.closed === 1 && counts()?.unassigned === 3);
    expect(subjects()).not.toContain('Printer jams');

    toast!.action!.onAction();
    await listed('the undo', (s) => s.includes('Printer jams'));
    await until('the counts back', () => counts()?.closed === 0 && counts()?.unassigned === 4);
    expect((await facade.app.mail.conversations({ status: 'open' })).map((c) => c.id)).toContain(
      printer,
    );
  });

  it('take back what the app refuses, and say why', async () => {
    await listed('the list', (s) => s.length === 4);
    const refund = await idOf('Refund never arrived');
    triage().assign(refund, { email: 'nobody@example.com' });
    expect(subjects()).not.toContain('Refund never arrived');
    await listed('it back', (s) => s.includes('Refund never arrived'));
    const toast = await until('the notice', () =>
      useToastStore.getState().toasts.find((t) => t.tone === 'danger'),
    );
    expect(toast.title).toBe('Assigned to nobody@example.com: not done');
    expect(toast.description).toMatch(/nobody@example\.com/);
  });

  it('load the list of each view, mailbox and tag the sidebar selects', async () => {
    await listed('the list', (s) => s.length === 4);
    await until('the workspace', () => useWorkspaceStore.getState().load.status === 'ready');
    useViewsStore.getState().select({ kind: 'view', id: 'closed' });
    expect(await listed('Closed', (s) => s.length === 0)).toEqual([]);
    useViewsStore.getState().select({ kind: 'mailbox', id: facade.account.id });
    expect(await listed('the mailbox', (s) => s.length === 4)).toHaveLength(4);
    // A tag's list: the workspace's tag (made by the tag above), by its id.
    await until('the billing tag', () => useWorkspaceStore.getState().tags.length > 0);
    const billing = useWorkspaceStore.getState().tags.find((tag) => tag.name === 'billing')!;
    useViewsStore.getState().select({ kind: 'tag', id: billing.id });
    expect(await listed('the tag', (s) => s.length === 1)).toEqual(['Invoice copy']);
    // Back to a view seen before: shown at once from memory, then as the app lists it.
    useViewsStore.getState().select({ kind: 'view', id: 'closed' });
    expect(store().load.status).toBe('ready');
    expect(subjects()).toEqual([]);
  });

  it('say Offline while the link is lost, and load everything again when it is back', async () => {
    await listed('the list', (s) => s.length === 4);
    await until('the counts', () => counts()?.mine === 0);
    link.setState('offline');
    expect(useConnectionStore.getState().status).toBe('offline');

    // Changed while the page hears nothing: no event reaches it.
    const refund = await idOf('Refund never arrived');
    await facade.app.triage.assign({ conversationId: refund, to: 'me' });
    expect(subjects()).toContain('Refund never arrived');

    link.setState('online');
    await until('Online', () => useConnectionStore.getState().status === 'online');
    expect(await listed('the list again', (s) => !s.includes('Refund never arrived'))).toHaveLength(
      3,
    );
    await until('the counts again', () => counts()?.mine === 1 && counts()?.unassigned === 3);
    await facade.app.triage.assign({ conversationId: refund, to: 'none' });
  });

  it('tell teammates what the page has open (and nothing once it is closed)', async () => {
    await listed('the list', (s) => s.length === 4);
    const invoice = await idOf('Invoice copy');
    const told = () =>
      link.calls.filter((c) => c.method === 'team.setViewing').map((c) => c.params);
    await until('nothing viewed, told at start', () => told().length === 1);
    store().open(invoice);
    expect(store().selectedId).toBe(invoice);
    await until('the open conversation told', () => told().length === 2);
    store().open(null);
    await until('nothing open told', () => told().length === 3);
    expect(told()).toEqual([
      { conversationId: null },
      { conversationId: invoice },
      { conversationId: null },
    ]);
  });
});
