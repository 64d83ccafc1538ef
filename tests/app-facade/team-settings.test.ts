import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSummary, TagInfo, TeamMember } from '../../src/app/contract/outputs.js';
import type { Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
import type { SyncedFacade } from './support/synced-facade.js';
import {
  changedFrom,
  closeAll,
  conversationsOf,
  eventOf,
  onlineAdaAndBen,
  type Team,
} from './support/team-fixture.js';

/*
 * What Settings shows and changes of the team, through the dispatcher, between two teammates on
 * a real sync server and a real Dovecot: members with their mailbox permissions, tags defined,
 * renamed and recoloured (an admin's calls: an agent is refused by the core), and accounts saying
 * where their mail lives.
 */

let dovecot: Dovecot;
let team: Team;
let ada: SyncedFacade;
let ben: SyncedFacade;

beforeAll(async () => {
  ({ dovecot, team, ada, ben } = await onlineAdaAndBen());
}, 120_000);

afterAll(() => closeAll([ada, ben], team, dovecot));

const members = (facade: SyncedFacade) => facade.result<TeamMember[]>('team.members');
const tags = (facade: SyncedFacade) => facade.result<TagInfo[]>('team.tags');

describe('team members with their permissions', () => {
  it('lists each member’s role, the permissions an admin set and the role’s default', async () => {
    expect(await members(ada)).toEqual([
      {
        id: expect.any(String) as string,
        name: 'Ada',
        email: 'ada@example.com',
        role: 'admin',
        permissions: {},
        defaultPermission: 'full-access',
      },
      {
        id: expect.any(String) as string,
        name: 'ben',
        email: 'ben@example.com',
        role: 'agent',
        permissions: {},
        defaultPermission: 'full-access',
      },
    ]);

    const from = ben.events.length;
    await ada.result('team.setPermission', {
      email: 'ben@example.com',
      mailbox: 'Support@Example.com',
      permission: 'read-only',
    });
    expect((await members(ada)).find((m) => m.name === 'ben')?.permissions).toEqual({
      'support@example.com': 'read-only',
    });
    // The teammate's app is told, and lists it too.
    await eventOf(ben, 'team.directory', (event) => event.what === 'members', from);
    await until(
      'Ben’s own permission on Ben’s machine',
      async () =>
        (await members(ben)).find((m) => m.name === 'ben')?.permissions['support@example.com'] ===
        'read-only',
    );
  });
});

describe('team.defineTag and team.editTag', () => {
  it('an admin defines a tag with its colour; the teammate gets it', async () => {
    const from = ben.events.length;
    const vip = await ada.result<TagInfo>('team.defineTag', { name: 'VIP', color: '#AA00FF' });
    expect(vip).toEqual({ id: 'vip', name: 'VIP', color: '#aa00ff' });
    expect(await tags(ada)).toContainEqual(vip);
    await eventOf(ben, 'team.directory', (event) => event.what === 'tags', from);
    await until('the tag on Ben’s machine', async () =>
      (await tags(ben)).some((tag) => tag.id === 'vip'),
    );
  });

  it('renames and recolours a tag; the conversations tagged with it show the new name', async () => {
    const { refund } = await conversationsOf(ada);
    await ada.result('team.defineTag', { name: 'Later', color: '#123456' });
    await ada.result('triage.tag', { conversationId: refund, add: ['Later'] });
    const bensTags = async () =>
      (await ben.result<Array<{ id: string; tags: string[] }>>('mail.conversations', {})).find(
        (row) => row.id === refund,
      )?.tags ?? [];
    // Ben's app runs as the app does: its running sync follows the team.
    await ben.result('sync.start');
    await until('the tag on Ben’s list', async () => (await bensTags()).includes('Later'));
    const bensFrom = ben.events.length;
    const from = ada.events.length;
    expect(await ada.result<TagInfo>('team.editTag', { tag: 'later', name: 'Follow up' })).toEqual({
      id: 'later',
      name: 'Follow up',
      color: '#123456',
    });
    expect(await ada.result<TagInfo>('team.editTag', { tag: 'later', color: '#00AA00' })).toEqual({
      id: 'later',
      name: 'Follow up',
      color: '#00aa00',
    });
    const listed = await ada.result<Array<{ id: string; tags: string[] }>>(
      'mail.conversations',
      {},
    );
    // The lists are told to show it again.
    await eventOf(ada, 'conversations.changed', changedFrom('local', refund), from);
    expect(listed.find((row) => row.id === refund)?.tags).toContain('Follow up');
    // The teammate's list too, told by the app when the rename arrives.
    await eventOf(ben, 'conversations.changed', changedFrom('team', refund), bensFrom);
    expect(await bensTags()).toEqual(['Follow up']);
  });

  it('refuses an agent, a taken name, a colour that is not one, and an unknown tag', async () => {
    const refusals: Array<[SyncedFacade, string, unknown, string, RegExp]> = [
      [ben, 'team.defineTag', { name: 'Mine', color: '#000000' }, 'forbidden', /admin/],
      [ben, 'team.editTag', { tag: 'vip', color: '#000000' }, 'forbidden', /admin/],
      [ada, 'team.defineTag', { name: 'vip', color: '#000000' }, 'invalid', /exists/],
      [ada, 'team.defineTag', { name: 'Red', color: 'red' }, 'invalid', /color/],
      [ada, 'team.editTag', { tag: 'nope', name: 'Nope' }, 'not-found', /nope/],
    ];
    for (const [facade, method, params, code, message] of refusals) {
      const answer = await facade.call(method as never, params);
      expect(answer, `${method} ${JSON.stringify(params)}`).toMatchObject({
        ok: false,
        error: { code, message: expect.stringMatching(message) as string },
      });
    }
    // Nothing to change, said for the field.
    expect(await ada.call('team.editTag', { tag: 'vip' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'name' },
    });
    expect((await tags(ada)).find((tag) => tag.id === 'vip')).toEqual({
      id: 'vip',
      name: 'VIP',
      color: '#aa00ff',
    });
  });
});

describe('accounts say where their mail lives', () => {
  it('an IMAP account says imap', async () => {
    const [account] = await ada.result<AccountSummary[]>('accounts.list');
    expect(account).toMatchObject({ transport: 'imap', email: 'support@example.com' });
  });
});
