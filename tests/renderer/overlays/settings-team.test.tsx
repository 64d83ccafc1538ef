import '../composer/page-dom.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { preloadScreens } from '../../../renderer/screens/lazy-screens.js';
import { createDispatcher, openSwitchboard } from '../../../src/app/index.js';
import type { TagInfo, TeamMember } from '../../../src/app/index.js';
import { silentLogger } from '../../../src/app/platform.js';
import { seedDemo } from '../../../src/demo/seed-demo.js';
import { setAppLink } from '../../../renderer/app-link.js';
import { Overlays } from '../../../renderer/screens/overlays/overlays.js';
import { useAccountsStore } from '../../../renderer/stores/accounts-store.js';
import { LOADING } from '../../../renderer/stores/load-state.js';
import { useSettingsStore } from '../../../renderer/stores/settings-store.js';
import { useUiStore } from '../../../renderer/stores/ui-store.js';
import type { SyncedFacade } from '../../app-facade/support/synced-facade.js';
import { closeAll, onlineAdaAndBen, type Team } from '../../app-facade/support/team-fixture.js';
import type { Dovecot } from '../../helpers/dovecot.js';
import { until } from '../../helpers/wait.js';
import { dispatcherLink } from '../support/dispatcher-link.js';
import '../support/cleanup.js';

// The screens' code, loaded as the app does once its first rows are painted (main.tsx).
beforeAll(() => preloadScreens());

/*
 * Settings over the real app: two teammates' facades on a Dovecot mailbox, joined to one team on
 * a real sync server, each page's link their app's dispatcher. The admin creates, renames and
 * recolours a tag and changes a teammate's permission on the mailbox; the agent sees them and
 * can change none; an account says where its mail and its password come from.
 */

let dovecot: Dovecot;
let team: Team;
let ada: SyncedFacade;
let ben: SyncedFacade;

beforeAll(async () => {
  ({ dovecot, team, ada, ben } = await onlineAdaAndBen());
}, 120_000);

afterAll(() => closeAll([ada, ben], team, dovecot));

beforeEach(() => {
  useAccountsStore.setState({ load: LOADING, accounts: [], tests: {} });
  useSettingsStore.setState({ load: LOADING, data: null, teamError: null });
});

/** The settings of `facade`'s app, open on `section`. */
async function openSettings(facade: SyncedFacade, section: string) {
  setAppLink(dispatcherLink(facade));
  useUiStore.setState({ overlay: 'settings' });
  render(<Overlays />);
  const settings = screen.getByRole('dialog', { name: 'Settings' });
  await userEvent.setup().click(within(settings).getByRole('button', { name: section }));
  return settings;
}

const tagsOf = (facade: SyncedFacade): Promise<TagInfo[]> => facade.app.team.tags();
const benOf = async (facade: SyncedFacade): Promise<TeamMember | undefined> =>
  (await facade.app.team.members()).find((member) => member.email === 'ben@example.com');

describe('settings of the team, over the real app', () => {
  it('an admin creates a tag with its colour, then renames and recolours it', async () => {
    const user = userEvent.setup();
    const settings = await openSettings(ada, 'Tags');
    await user.click(await within(settings).findByRole('button', { name: 'New tag' }));
    await user.type(within(settings).getByRole('textbox', { name: 'Name' }), 'VIP');
    await user.click(within(settings).getByRole('radio', { name: 'Purple' }));
    await user.click(within(settings).getByRole('button', { name: 'Create tag' }));

    const tags = await within(settings).findByRole('list', { name: 'Tags' });
    await within(tags).findByRole('listitem', { name: 'VIP' });
    expect(await tagsOf(ada)).toContainEqual({ id: 'vip', name: 'VIP', color: '#7c3aed' });

    await user.click(within(tags).getByRole('button', { name: 'Edit VIP' }));
    const editing = within(tags).getByRole('listitem', { name: 'VIP' });
    expect(within(editing).getByRole<HTMLInputElement>('radio', { name: 'Purple' }).checked).toBe(
      true,
    );
    const name = within(editing).getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Key account');
    await user.click(within(editing).getByRole('radio', { name: 'Teal' }));
    await user.click(within(editing).getByRole('button', { name: 'Save' }));
    await within(tags).findByRole('listitem', { name: 'Key account' });
    expect(await tagsOf(ada)).toContainEqual({ id: 'vip', name: 'Key account', color: '#0d9488' });
    // The teammate's app has it too.
    await until('the renamed tag on Ben’s machine', async () =>
      (await tagsOf(ben)).some((tag) => tag.name === 'Key account'),
    );
  });

  it('a name another tag has is refused in the app’s words, at the form', async () => {
    const user = userEvent.setup();
    await ada.app.team.defineTag({ name: 'Billing', color: '#2563eb' });
    const settings = await openSettings(ada, 'Tags');
    await user.click(await within(settings).findByRole('button', { name: 'New tag' }));
    await user.click(within(settings).getByRole('button', { name: 'Create tag' }));
    expect(within(settings).getByText('A name is needed.')).toBeTruthy();
    await user.type(within(settings).getByRole('textbox', { name: 'Name' }), 'billing');
    await user.click(within(settings).getByRole('button', { name: 'Create tag' }));
    expect((await within(settings).findByRole('alert')).textContent).toMatch(/exists/);
  });

  it('an admin changes a teammate’s permission on the mailbox; each cell shows what is set', async () => {
    const user = userEvent.setup();
    const settings = await openSettings(ada, 'Members');
    const members = await within(settings).findByRole('list', { name: 'Members' });
    expect(within(members).getByText('Agent')).toBeTruthy();
    const cell = within(settings).getByRole<HTMLSelectElement>('combobox', {
      name: 'ben on support@example.com',
    });
    // Nothing set yet: the role's default, said as such.
    expect(cell.selectedOptions[0]?.textContent).toBe('Full access (agent’s default)');
    await user.selectOptions(cell, 'Read only');
    await waitFor(async () =>
      expect((await benOf(ada))?.permissions).toEqual({ 'support@example.com': 'read-only' }),
    );
    await until('the settings listing the app’s answer', () =>
      useSettingsStore
        .getState()
        .data?.members.some((m) => m.permissions['support@example.com'] === 'read-only'),
    );
    expect(cell.value).toBe('read-only');
    await until(
      'Ben’s machine knowing it',
      async () => (await benOf(ben))?.permissions['support@example.com'] === 'read-only',
    );
  });

  it('an agent sees the tags and the permissions, and can change neither', async () => {
    await until(
      'the permission on Ben’s machine',
      async () => (await benOf(ben))?.permissions['support@example.com'] !== undefined,
    );
    const user = userEvent.setup();
    const settings = await openSettings(ben, 'Members');
    const cell = await within(settings).findByRole<HTMLSelectElement>('combobox', {
      name: 'ben on support@example.com',
    });
    expect(cell.disabled).toBe(true);
    expect(cell.value).toBe('read-only');
    await user.click(within(settings).getByRole('button', { name: 'Tags' }));
    await within(settings).findByRole('list', { name: 'Tags' });
    expect(within(settings).queryByRole('button', { name: 'New tag' })).toBeNull();
    expect(within(settings).queryByRole('button', { name: /^Edit / })).toBeNull();
  });

  it('an account says where its mail comes from and where its password is', async () => {
    const settings = await openSettings(ada, 'Accounts');
    const account = await within(settings).findByRole('listitem', { name: 'Support' });
    expect(account.textContent).toContain(`imap://support@${dovecot.host}:${dovecot.port}`);
    expect(account.textContent).toContain('From the environment: $FACADE_TEST_PASSWORD');
    expect(within(account).getByRole('button', { name: 'Test connection' })).toBeTruthy();
  });
});

describe('settings of the demo', () => {
  it('a local mailbox says it has no server, and offers no connection test', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-settings-demo-'));
    const dataDir = join(dir, 'data');
    await seedDemo({ dataDir, clock: { now: () => Date.now() } });
    const app = await openSwitchboard({
      dataDir,
      secrets: { resolve: () => undefined, readsEnvironment: false },
    });
    try {
      setAppLink(dispatcherLink({ dispatcher: createDispatcher(app, silentLogger) }));
      useUiStore.setState({ overlay: 'settings' });
      render(<Overlays />);
      const settings = screen.getByRole('dialog', { name: 'Settings' });
      const accounts = await within(settings).findByRole('list', { name: 'Accounts' });
      const rows = await within(accounts).findAllByRole('listitem');
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.textContent).toContain('A local demo mailbox: no server');
        expect(within(row).queryByRole('button', { name: 'Test connection' })).toBeNull();
      }
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
