import './page-dom.js';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { openCache } from '../../../src/app/open-cache.js';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { preloadScreens } from '../../../renderer/screens/lazy-screens.js';
import { registerActions } from '../../../renderer/actions/registry.js';
import { useActionKeys } from '../../../renderer/actions/use-action-keys.js';
import { setAppLink } from '../../../renderer/app-link.js';
import { closeComposer, openComposer } from '../../../renderer/bridge/composer-bridge.js';
import { ToastRegion } from '../../../renderer/components/ui/toast-region.js';
import { ComposerSlot, OutboxIndicator } from '../../../renderer/screens/composer/index.js';
import { useComposerStore } from '../../../renderer/stores/composer-store.js';
import { useToastStore } from '../../../renderer/stores/toast-store.js';
import { openSyncedFacade, type SyncedFacade } from '../../app-facade/support/synced-facade.js';
import { conversationsOf, startMailbox } from '../../app-facade/support/team-fixture.js';
import type { Dovecot } from '../../helpers/dovecot.js';
import { until } from '../../helpers/wait.js';
import { dispatcherLink, type DispatcherLink } from '../support/dispatcher-link.js';
import '../support/cleanup.js';

// The screens' code, loaded as the app does once its first rows are painted (main.tsx).
beforeAll(() => preloadScreens());

/*
 * The composer over the real app (a facade on a Dovecot account, alone in its workspace, called
 * through its dispatcher as every transport calls it): opened by its keys, the reply written in
 * the app's shared draft, sent and undone, forwards and notes, canned responses, recipients.
 */

let dovecot: Dovecot;
let facade: SyncedFacade;
let link: DispatcherLink;
let refund: string;
let printer: string;

beforeAll(async () => {
  dovecot = await startMailbox();
  facade = await openSyncedFacade(dovecot, 'support');
  ({ refund, printer } = await conversationsOf(facade));
});

afterAll(async () => {
  await facade?.close();
  await dovecot?.stop();
});

beforeEach(() => {
  link = dispatcherLink(facade);
  setAppLink(link);
  useToastStore.setState({ toasts: [] });
});

afterEach(async () => {
  await act(() => closeComposer());
  // What a test left in the outbox or the draft goes, so the next starts clean.
  for (const item of await facade.app.outbox.list())
    if (item.state === 'queued' || item.state === 'held')
      await facade.app.outbox.cancel({ id: item.id });
  for (const conversationId of [refund, printer])
    await facade.app.drafts.discard({ conversationId });
});

/** The conversation's composer slot and the page's toasts, with the app's keys. */
function Page({ conversationId }: { conversationId: string }) {
  useActionKeys();
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  return (
    <>
      <OutboxIndicator />
      <ComposerSlot conversationId={conversationId} />
      <ToastRegion toasts={toasts} onDismiss={dismiss} />
    </>
  );
}

/**
 * Puts the caret in the editor's first paragraph, where typing goes: a click on the paragraph
 * itself (jsdom lays nothing out, so a click on the editor around it puts the caret before it,
 * where a browser never does).
 */
async function caretIn(user: ReturnType<typeof userEvent.setup>, editor: HTMLElement) {
  await waitFor(() => expect(editor.querySelector('p')).not.toBeNull());
  await user.click(editor.querySelector('p')!);
}

/** The app's shared draft of the conversation, as it holds it now. */
const appDraft = (conversationId = refund) => facade.app.drafts.open({ conversationId });

describe('the composer over the real app', () => {
  it('opens a reply with r on the shared draft: its recipients, its subject and what teammates wrote', async () => {
    const user = userEvent.setup();
    await facade.app.drafts.edit({ conversationId: refund, text: 'Hello Carla,' });
    render(<Page conversationId={refund} />);
    await user.keyboard('r');
    // The first composer of the run loads its code (the editor, Yjs): slow on a loaded machine.
    const reply = await screen.findByRole('textbox', { name: 'Reply' }, { timeout: 30_000 });
    await waitFor(() => expect(reply.textContent).toBe('Hello Carla,'));
    const to = screen.getByRole('list', { name: 'To recipients' });
    expect(within(to).getByText('Carla')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Subject').value).toBe('Re: Refund');
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();

    // A teammate's change (here: the app's own plain-text write) shows in the editor.
    await facade.app.drafts.edit({
      conversationId: refund,
      text: 'Hello Carla,\nthe refund went out.',
    });
    await waitFor(() =>
      expect([...reply.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
        'Hello Carla,',
        'the refund went out.',
      ]),
    );
    // And a teammate's Cc and subject show too.
    await facade.app.drafts.edit({
      conversationId: refund,
      cc: [{ address: 'billing@customer.example', name: 'Billing' }],
      subject: 'Re: Refund (order 42)',
    });
    const cc = await screen.findByRole('list', { name: 'Cc recipients' });
    expect(within(cc).getByText('Billing')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByLabelText<HTMLInputElement>('Subject').value).toBe(
        'Re: Refund (order 42)',
      ),
    );
  });

  it('sends what is typed into the shared draft; the toast undoes it and the draft comes back', async () => {
    const user = userEvent.setup();
    render(<Page conversationId={refund} />);
    await user.keyboard('r');
    await caretIn(user, await screen.findByRole('textbox', { name: 'Reply' }));
    await user.keyboard('Your refund went out today.');
    await until(
      'the typed text in the app',
      async () => (await appDraft()).text === 'Your refund went out today.',
    );
    // Typing says so to teammates (renewed while typing, not at every key).
    const typing = link.calls.filter((call) => call.method === 'team.setTyping');
    expect(typing[0]?.params).toEqual({ conversationId: refund, kind: 'reply' });
    expect(typing.length).toBeLessThan(3);

    await user.click(screen.getByRole('button', { name: 'Send' }));
    const toasts = screen.getByRole('status', { name: 'Notifications' });
    await within(toasts).findByText('Sending reply…');
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    const [queued] = await facade.app.outbox.list();
    expect(queued).toMatchObject({ state: 'queued', subject: 'Re: Refund' });
    // Sent from the draft, with when this agent opened it (what the collision guard asks since).
    const sent = link.calls.find((call) => call.method === 'outbox.reply')?.params;
    expect(sent).toMatchObject({ conversationId: refund, draft: true });
    expect(Date.parse((sent as { startedAt: string }).startedAt)).toBeLessThanOrEqual(Date.now());
    expect((await appDraft()).text).toBe('');

    await user.click(within(toasts).getByRole('button', { name: 'Undo' }));
    const back = await screen.findByRole('textbox', { name: 'Reply' });
    await waitFor(() => expect(back.textContent).toBe('Your refund went out today.'));
    expect(await facade.app.outbox.list()).toEqual([]);
  });

  it('keeps what is typed while the link is lost, and gives it to the app when it is back', async () => {
    const user = userEvent.setup();
    render(<Page conversationId={refund} />);
    await user.keyboard('r');
    await caretIn(user, await screen.findByRole('textbox', { name: 'Reply' }));
    act(() => link.setState('offline'));
    await user.keyboard('Written offline.');
    await until('the update refused while offline', () =>
      link.calls.some((call) => call.method === 'drafts.update' && call.answered),
    );
    expect((await appDraft()).text).toBe('');
    act(() => link.setState('online'));
    await until(
      'the text in the app once back',
      async () => (await appDraft()).text === 'Written offline.',
    );
  });

  it('changes the recipients of the shared draft: a chip removed, an address typed', async () => {
    const user = userEvent.setup();
    render(<Page conversationId={refund} />);
    await user.keyboard('r');
    await screen.findByRole('textbox', { name: 'Reply' });
    await user.click(screen.getByRole('button', { name: 'Remove carla@customer.example' }));
    await user.type(screen.getByLabelText('To'), 'Dan Ray <dan@customer.example>{Enter}');
    const to = screen.getByRole('list', { name: 'To recipients' });
    expect(within(to).getByText('Dan Ray')).toBeTruthy();
    expect(within(to).queryByText('Carla')).toBeNull();
    await until('the recipients in the app', async () => {
      const draft = await appDraft();
      return draft.to.length === 1 && draft.to[0]?.address === 'dan@customer.example' && draft;
    });
    expect((await appDraft()).to).toEqual([{ address: 'dan@customer.example', name: 'Dan Ray' }]);

    await user.type(screen.getByLabelText('To'), 'not an address{Enter}');
    expect(screen.getByText('Not an address: not an address')).toBeTruthy();
  });

  it('inserts a canned response with what the page knows filled in, and refuses to send one it cannot fill', async () => {
    await facade.app.canned.add({
      name: 'Refund sent',
      text: 'Hi {{contact.firstName}},\nabout "{{conversation.subject}}": the refund is on its way.',
    });
    await facade.app.canned.add({ name: 'Order', text: 'Your order {{order.number}} shipped.' });
    const user = userEvent.setup();
    render(<Page conversationId={refund} />);
    await user.keyboard('r');
    await screen.findByRole('textbox', { name: 'Reply' });
    await user.click(screen.getByRole('button', { name: 'Insert a canned response' }));
    const picker = await screen.findByRole('dialog', { name: 'Canned responses' });
    await within(picker).findByRole('option', { name: /Refund sent/u });
    await user.keyboard('refund{Enter}');
    await until(
      'the canned text in the app',
      async () =>
        (await appDraft()).text === 'Hi Carla,\nabout "Refund": the refund is on its way.',
    );

    await user.click(screen.getByRole('button', { name: 'Insert a canned response' }));
    await screen.findByRole('option', { name: /Order/u });
    await user.keyboard('order{Enter}');
    await until('the second canned text in the app', async () =>
      (await appDraft()).text.includes('{{order.number}}'),
    );
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /Fill in \{\{order\.number\}\}/u,
    );
    expect(await facade.app.outbox.list()).toEqual([]);
  });

  it('sends the files chosen with the reply', async () => {
    const user = userEvent.setup();
    await facade.app.drafts.edit({ conversationId: refund, text: 'The invoice is attached.' });
    render(<Page conversationId={refund} />);
    await user.keyboard('r');
    await screen.findByRole('textbox', { name: 'Reply' });
    const file = new File(['%PDF-1.4 invoice'], 'invoice-42.pdf', { type: 'application/pdf' });
    await user.upload(screen.getByLabelText('Files to attach'), file);
    const files = await screen.findByRole('list', { name: 'Attachments' });
    expect(within(files).getByText('invoice-42.pdf')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Sending reply…');
    const db = openCache(facade.dataDir);
    try {
      const raw = db.prepare<[], Buffer>('SELECT raw FROM outbox').pluck().get()!.toString();
      expect(raw).toContain('filename=invoice-42.pdf');
      expect(raw).toContain(Buffer.from('%PDF-1.4 invoice').toString('base64'));
    } finally {
      db.close();
    }
  });

  it('writes an internal note with n', async () => {
    const user = userEvent.setup();
    render(<Page conversationId={refund} />);
    await user.keyboard('n');
    await caretIn(user, await screen.findByRole('textbox', { name: 'Note' }));
    await user.keyboard('Checked with billing: paid.');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByText('Note added');
    const { notes } = await facade.app.mail.conversation({ conversationId: refund });
    expect(notes.map((written) => written.text)).toContain('Checked with billing: paid.');
    expect(screen.queryByRole('textbox', { name: 'Note' })).toBeNull();
  });

  it('forwards with f; undone, the forward comes back with its recipients and text', async () => {
    const user = userEvent.setup();
    render(<Page conversationId={refund} />);
    await user.keyboard('f');
    const message = await screen.findByRole('textbox', { name: 'Message' });
    await user.type(screen.getByLabelText('To'), 'billing@example.com{Enter}');
    await caretIn(user, message);
    await user.keyboard('FYI');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const toasts = screen.getByRole('status', { name: 'Notifications' });
    await within(toasts).findByText('Sending forward…');
    expect(await facade.app.outbox.list()).toMatchObject([
      { state: 'queued', to: ['billing@example.com'] },
    ]);
    await user.click(within(toasts).getByRole('button', { name: 'Undo' }));
    const back = await screen.findByRole('textbox', { name: 'Message' });
    await waitFor(() => expect(back.textContent).toBe('FYI'));
    const to = screen.getByRole('list', { name: 'To recipients' });
    expect(within(to).getByText('billing@example.com')).toBeTruthy();
    expect(await facade.app.outbox.list()).toEqual([]);
  });

  it('opens the next composer at once, also while the last one is still closing', async () => {
    await act(() => openComposer(refund, 'reply'));
    // Not awaited: the last composer's draft is let go while the next one opens.
    let closing: Promise<void> | undefined;
    await act(async () => {
      closing = closeComposer();
      await openComposer(printer, 'reply');
      await closing;
    });
    expect(useComposerStore.getState().target).toEqual({ conversationId: printer, mode: 'reply' });
    expect(useComposerStore.getState().load.status).toBe('ready');
  });

  it('shows a held reply with its reason; Send anyway sends it past the guard (here: to no SMTP server)', async () => {
    // Started long ago: the customer wrote since, and the collision guard holds it.
    const held = await facade.app.outbox.reply({
      conversationId: refund,
      text: 'The refund went out.',
      startedAt: '2020-01-01T00:00:00Z',
      now: true,
    });
    expect(held.state).toBe('held');
    const user = userEvent.setup();
    render(<Page conversationId={refund} />);
    const notice = await screen.findByRole('region', { name: 'Reply held, not sent' });
    // Said from the guard's finding (who, what, when), not from the app's sentence.
    expect(notice.textContent).toMatch(
      /carla@customer\.example wrote again at .+, after you started this reply\./u,
    );
    expect(within(notice).getByRole('button', { name: 'Revise' })).toBeTruthy();
    // The outbox in the sidebar says so too, without Revise (the conversation is elsewhere).
    const outbox = screen.getByRole('button', { name: 'Outbox: 1 message needs you' });
    await user.click(outbox);
    const list = screen.getByRole('dialog', { name: 'Outbox' });
    expect(within(list).getByText('Re: Refund')).toBeTruthy();
    expect(within(list).queryByRole('button', { name: 'Revise' })).toBeNull();
    await user.keyboard('{Escape}');

    await user.click(within(notice).getByRole('button', { name: 'Send anyway' }));
    // Past the guard, it went to SMTP: this account has none, so it waits to be tried again, and
    // the outbox says why.
    await waitFor(() =>
      expect(screen.queryByRole('region', { name: 'Reply held, not sent' })).toBeNull(),
    );
    expect((await facade.app.outbox.list())[0]).toMatchObject({
      id: held.outboxId,
      state: 'queued',
    });
    await user.click(await screen.findByRole('button', { name: 'Outbox: 1 message on the way' }));
    expect(screen.getByRole('dialog', { name: 'Outbox' }).textContent).toContain(
      'support@example.com has no SMTP server',
    );
  });

  it('counts the messages on their way in the outbox, and undoes one from there', async () => {
    await facade.app.outbox.reply({ conversationId: printer, text: 'Try the new driver.' });
    const user = userEvent.setup();
    render(<OutboxIndicator />);
    const outbox = await screen.findByRole('button', { name: 'Outbox: 1 message on the way' });
    await user.click(outbox);
    const list = screen.getByRole('dialog', { name: 'Outbox' });
    expect(within(list).getByText('Re: Printer')).toBeTruthy();
    await user.click(within(list).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Outbox/u })).toBeNull());
    expect(await facade.app.outbox.list()).toEqual([]);
  });

  it('takes "is replying" back a few seconds after the typing stops, and when the composer closes', async () => {
    const user = userEvent.setup();
    const typingCalls = () =>
      link.calls
        .filter((call) => call.method === 'team.setTyping')
        .map((call) => call.params as { conversationId: string; stopped?: boolean });
    render(<Page conversationId={refund} />);
    await user.keyboard('r');
    await caretIn(user, await screen.findByRole('textbox', { name: 'Reply' }));
    await user.keyboard('Checking.');
    expect(typingCalls()).toEqual([{ conversationId: refund, kind: 'reply' }]);
    // Idle: taken back (well before the app would let it lapse), the composer still open.
    await until('the typing taken back', () => typingCalls().some((call) => call.stopped));
    expect(typingCalls()).toEqual([
      { conversationId: refund, kind: 'reply' },
      { conversationId: refund, kind: 'reply', stopped: true },
    ]);
    expect(screen.getByRole('textbox', { name: 'Reply' })).toBeTruthy();

    // Typing again says so again; Esc closes the composer and takes it back at once.
    await user.keyboard(' Done.');
    await until('the typing told again', () => typingCalls().length === 3);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull());
    expect(typingCalls().slice(2)).toEqual([
      { conversationId: refund, kind: 'reply' },
      { conversationId: refund, kind: 'reply', stopped: true },
    ]);
  });

  it('keeps what is typed while the composer opens for its editor, not as the app’s keys', async () => {
    const user = userEvent.setup();
    let tagged = 0;
    const stop = registerActions({ 'conversation.tag': { run: () => (tagged += 1) } });
    try {
      render(<Page conversationId={refund} />);
      // At once after r: before the composer's code and its draft are there.
      await user.keyboard('rthanks');
      const reply = await screen.findByRole('textbox', { name: 'Reply' });
      await waitFor(() => expect(reply.textContent).toBe('thanks'));
      await until('the typed text in the app', async () => (await appDraft()).text === 'thanks');
      expect(tagged).toBe(0);
    } finally {
      stop();
    }
  });
});
