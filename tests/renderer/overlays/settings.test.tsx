// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { preloadScreens } from '../../../renderer/screens/lazy-screens.js';
import type { AccountSummary, MethodOutput } from '../../../src/app/index.js';
import { setAppLink } from '../../../renderer/app-link.js';
import { Overlays } from '../../../renderer/screens/overlays/overlays.js';
import { useAccountsStore } from '../../../renderer/stores/accounts-store.js';
import { LOADING } from '../../../renderer/stores/load-state.js';
import { useSettingsStore } from '../../../renderer/stores/settings-store.js';
import { useUiStore } from '../../../renderer/stores/ui-store.js';
import { refusal, scriptedLink, type Script } from '../support/scripted-link.js';
import '../support/cleanup.js';

// The screens' code, loaded as the app does once its first rows are painted (main.tsx).
beforeAll(() => preloadScreens());

const SUPPORT: AccountSummary = {
  id: 'acc-1',
  name: 'Support',
  email: 'support@example.com',
  imapUrl: 'imaps://support@imap.example.com:993',
  smtpUrl: 'smtps://support@smtp.example.com:465',
  transport: 'imap',
  passwordRef: 'keychain:acc-1',
  auth: 'password',
  providerFilesSent: false,
  syncError: null,
};

const ANA = { id: 'm1', name: 'Ana Lima', email: 'ana@example.com', permissions: {} };
const BO = { id: 'm2', name: 'Bo Chen', email: 'bo@example.com', permissions: {} };

const answer = <T,>(value: T) => Promise.resolve(value);

/** The rest of what the settings ask, for a member of a team (an agent unless said). */
function teamScript(role: 'admin' | 'agent' = 'agent'): Script {
  return {
    'session.whoami': () =>
      answer({
        memberId: 'm1',
        name: 'Ana Lima',
        email: 'ana@example.com',
        role,
        workspaceId: 'w1',
        workspaceName: 'Acme',
        solo: false,
      }),
    'team.status': () =>
      answer({
        workspaceId: 'w1',
        server: 'wss://team.example.com',
        memberId: 'm1',
        token: 'accepted',
        unconfirmed: 0,
        summary: 'workspace w1 on wss://team.example.com as Ana Lima (agent)',
      } satisfies MethodOutput<'team.status'>),
    'team.members': () =>
      answer([
        { ...ANA, role, defaultPermission: 'full-access' as const },
        { ...BO, role: 'admin' as const, defaultPermission: 'full-access' as const },
      ]),
    'team.tags': () => answer([{ id: 't1', name: 'Billing', color: '#e8590c' }]),
    'canned.list': () => answer([]),
    'signatures.list': () => answer([]),
  };
}

beforeEach(() => {
  useAccountsStore.setState({ load: LOADING, accounts: [], tests: {} });
  useSettingsStore.setState({ load: LOADING, data: null, teamError: null });
  useUiStore.setState({ overlay: null });
});

describe('settings', () => {
  it('lists the accounts and tests a connection, each server’s answer beside it', async () => {
    const user = userEvent.setup();
    const link = scriptedLink({
      ...teamScript(),
      'accounts.list': () => answer([SUPPORT]),
      'accounts.testConnection': () =>
        answer({
          imap: { ok: true as const },
          smtp: { ok: false as const, code: 'auth-failed', message: 'the password was refused' },
        }),
    });
    setAppLink(link);
    useUiStore.setState({ overlay: 'settings' });
    render(<Overlays />);
    const settings = screen.getByRole('dialog', { name: 'Settings' });
    const account = await within(settings).findByRole('listitem', { name: 'Support' });
    expect(account.textContent).toContain('imaps://support@imap.example.com:993');
    await user.click(within(account).getByRole('button', { name: 'Test connection' }));
    const result = await within(account).findByRole('status', { name: 'Connection test' });
    expect(result.textContent).toContain('IMAP: connected and signed in');
    expect(result.textContent).toContain('SMTP: the password was refused');
    expect(link.calls.at(-1)).toEqual({
      method: 'accounts.testConnection',
      params: { account: 'acc-1' },
    });
  });

  it('checks a new mailbox per field, then shows the app’s refusal in one line', async () => {
    const user = userEvent.setup();
    const link = scriptedLink({
      ...teamScript(),
      'accounts.list': () => answer([SUPPORT]),
      'accounts.add': () =>
        Promise.reject(
          refusal(
            'invalid',
            'this front end cannot keep passwords: give the name of a variable',
            'password',
          ),
        ),
    });
    setAppLink(link);
    useUiStore.setState({ overlay: 'settings' });
    render(<Overlays />);
    const settings = screen.getByRole('dialog', { name: 'Settings' });
    await user.click(await within(settings).findByRole('button', { name: 'Add mailbox' }));
    await user.click(within(settings).getByRole('button', { name: 'Add mailbox' }));
    expect(within(settings).getByText('A name is needed.')).toBeTruthy();
    expect(within(settings).getByText('The email address is needed.')).toBeTruthy();
    expect(
      within(settings).getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect(link.calls.some((call) => call.method === 'accounts.add')).toBe(false);

    await user.type(within(settings).getByRole('textbox', { name: 'Name' }), 'Sales');
    await user.type(
      within(settings).getByRole('textbox', { name: 'Email address' }),
      'sales@example.com',
    );
    await user.type(
      within(settings).getByRole('textbox', { name: 'IMAP server' }),
      'imap.example.com',
    );
    await user.type(within(settings).getByLabelText('Password'), 'secret');
    await user.click(within(settings).getByRole('button', { name: 'Add mailbox' }));
    expect(within(settings).getByText(/Start it with imap:\/\/ or imaps:\/\//)).toBeTruthy();

    const imap = within(settings).getByRole('textbox', { name: 'IMAP server' });
    await user.clear(imap);
    await user.type(imap, 'imaps://sales@imap.example.com');
    await user.click(within(settings).getByRole('button', { name: 'Add mailbox' }));
    expect((await within(settings).findByRole('alert')).textContent).toBe(
      'this front end cannot keep passwords: give the name of a variable',
    );
    expect(link.calls.find((call) => call.method === 'accounts.add')?.params).toEqual({
      name: 'Sales',
      email: 'sales@example.com',
      imapUrl: 'imaps://sales@imap.example.com',
      smtpUrl: null,
      password: { value: 'secret' },
    });
  });

  it('removing an account with changes not written back asks again, then drops them', async () => {
    const user = userEvent.setup();
    let accounts = [SUPPORT];
    const link = scriptedLink({
      ...teamScript(),
      'accounts.list': () => answer(accounts),
      'accounts.remove': (input) => {
        if (!input.dropPendingActions)
          return Promise.reject(
            refusal(
              'usage',
              'support@example.com has 2 local changes the server does not have yet',
            ),
          );
        accounts = [];
        return answer({
          id: 'acc-1',
          email: 'support@example.com',
          messages: 3,
          conversations: 2,
          droppedActions: 2,
          droppedMessages: 0,
        });
      },
    });
    setAppLink(link);
    useUiStore.setState({ overlay: 'settings' });
    render(<Overlays />);
    const account = await screen.findByRole('listitem', { name: 'Support' });
    await user.click(within(account).getByRole('button', { name: 'Remove' }));
    await user.click(within(account).getByRole('button', { name: 'Remove' }));
    expect((await within(account).findByRole('alert')).textContent).toContain('2 local changes');
    await user.click(within(account).getByRole('button', { name: 'Remove anyway' }));
    await screen.findByText('No shared mailbox yet');
    expect(link.calls.filter((c) => c.method === 'accounts.remove').map((c) => c.params)).toEqual([
      { account: 'acc-1' },
      { account: 'acc-1', dropPendingActions: true },
    ]);
  });

  it('an agent’s signature is their own; the team, members and tags show what the app says', async () => {
    const user = userEvent.setup();
    const link = scriptedLink({
      ...teamScript('agent'),
      'accounts.list': () => answer([SUPPORT]),
      'signatures.save': (input) =>
        answer({
          id: 's1',
          name: input.name,
          text: input.text,
          mailbox: input.mailbox ?? null,
          member: { id: 'm1', name: 'Ana Lima', email: 'ana@example.com' },
        }),
    });
    setAppLink(link);
    useUiStore.setState({ overlay: 'settings' });
    render(<Overlays />);
    const settings = screen.getByRole('dialog', { name: 'Settings' });
    const section = (name: string) => user.click(within(settings).getByRole('button', { name }));

    await section('Team server');
    await within(settings).findByText('Connected');
    expect(within(settings).getByText('wss://team.example.com')).toBeTruthy();
    await section('Members');
    const members = within(settings).getByRole('list', { name: 'Members' });
    expect(
      within(members)
        .getAllByRole('listitem')
        .map((m) => m.textContent),
    ).toEqual([expect.stringContaining('Ana Lima'), expect.stringContaining('Bo Chen')]);
    // An agent sees the permissions, and cannot change them.
    const cell = within(settings).getByRole('combobox', { name: 'Bo Chen on support@example.com' });
    expect((cell as HTMLSelectElement).disabled).toBe(true);
    await section('Tags');
    expect(within(settings).getByRole('list', { name: 'Tags' }).textContent).toBe('Billing');

    await section('Signatures');
    await user.click(within(settings).getByRole('button', { name: 'New signature' }));
    expect(within(settings).getByRole<HTMLInputElement>('checkbox').checked).toBe(true);
    await user.type(within(settings).getByRole('textbox', { name: 'Name' }), 'Mine');
    await user.type(within(settings).getByRole('textbox', { name: 'Text' }), 'Ana, Support');
    await user.click(within(settings).getByRole('button', { name: 'Save' }));
    await within(settings).findByRole('button', { name: 'New signature' });
    expect(link.calls.find((c) => c.method === 'signatures.save')?.params).toEqual({
      name: 'Mine',
      text: 'Ana, Support',
      mailbox: null,
      personal: true,
    });
  });
});

describe('the first-run welcome', () => {
  it('shows while there is no account, adds one, tests it, and leaves for the inbox', async () => {
    const user = userEvent.setup();
    let accounts: AccountSummary[] = [];
    const link = scriptedLink({
      'accounts.list': () => answer(accounts),
      'accounts.add': (input) => {
        accounts = [{ ...SUPPORT, name: input.name, email: input.email, imapUrl: input.imapUrl }];
        return answer(accounts[0]!);
      },
      'accounts.testConnection': () => answer({ imap: { ok: true as const }, smtp: null }),
    });
    setAppLink(link);
    render(<Overlays />);
    const welcome = await screen.findByRole('dialog', { name: 'Welcome to Switchboard' });
    await user.click(within(welcome).getByRole('button', { name: /Add a mailbox/ }));
    expect(document.activeElement).toBe(within(welcome).getByRole('textbox', { name: 'Name' }));
    await user.type(within(welcome).getByRole('textbox', { name: 'Name' }), 'Support');
    await user.type(
      within(welcome).getByRole('textbox', { name: 'Email address' }),
      'support@example.com',
    );
    await user.type(
      within(welcome).getByRole('textbox', { name: 'IMAP server' }),
      'imaps://support@imap.example.com',
    );
    await user.type(within(welcome).getByLabelText('Password'), 'secret');
    await user.click(within(welcome).getByRole('button', { name: 'Add and test the connection' }));

    // There is an account now, and the welcome stays to say how the test went.
    await within(welcome).findByText('IMAP: connected and signed in');
    expect(useAccountsStore.getState().accounts).toHaveLength(1);
    await user.click(within(welcome).getByRole('button', { name: /Go to the inbox/ }));
    expect(screen.queryByRole('dialog', { name: 'Welcome to Switchboard' })).toBeNull();
    act(() => undefined);
  });
});
