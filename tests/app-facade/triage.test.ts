import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../src/app/contract/inputs.js';
import type { TriageResult } from '../../src/app/contract/outputs.js';
import type { Dovecot } from '../helpers/dovecot.js';
import type { SyncedFacade } from './support/synced-facade.js';
import {
  changedFrom,
  closeAll,
  conversationsOf,
  eventOf,
  startMailbox,
  startTeam,
  type Team,
  teammate,
} from './support/team-fixture.js';

/*
 * triage.* through the facade and its dispatcher, two teammates' facades in one process against a
 * real sync server and a real Dovecot: each change is made, confirmed by the server, told on the
 * side that made it (`local`) and on the teammate's (`team`), and shown in both lists; input the
 * contract refuses names its field; what the workspace refuses comes back with its code.
 */

let dovecot: Dovecot;
let team: Team;
/** Ada, the workspace's admin; Ben, an agent; Vic, a viewer. */
let ada: SyncedFacade;
let ben: SyncedFacade;
let vic: SyncedFacade;
let refund: string;
let printer: string;

beforeAll(async () => {
  dovecot = await startMailbox();
  team = await startTeam();
  ada = await teammate(dovecot, team, team.adminToken);
  ben = await teammate(dovecot, team, team.addMember('ben').token);
  vic = await teammate(dovecot, team, team.addMember('vic', 'viewer').token);
  ({ refund, printer } = await conversationsOf(ada));
}, 120_000);

afterAll(() => closeAll([ada, ben, vic], team, dovecot));

/** The conversation as `facade`'s list shows it. */
async function listed(facade: SyncedFacade, id: string) {
  return (await facade.app.mail.conversations({})).find((row) => row.id === id);
}

describe('each triage change, seen from both sides', () => {
  it('is told here as local and reaches a teammate as a team change, in the list', async () => {
    // Ben has the conversation open (a change of his own loaded it), and hears what comes.
    expect(await ben.app.triage.setStatus({ conversationId: refund, status: 'pending' })).toEqual({
      conversationId: refund,
      done: 'status pending',
      delivery: 'confirmed',
    });
    const fromA = ada.events.length;
    const fromB = ben.events.length;
    const assigned = await ada.app.triage.assign({
      conversationId: refund,
      to: { email: 'ben@example.com' },
    });
    expect(assigned).toEqual<TriageResult>({
      conversationId: refund,
      done: 'assigned to ben@example.com',
      delivery: 'confirmed',
    });
    // Told before the call answered.
    expect(
      ada.events
        .slice(fromA)
        .filter((event) => event.type === 'conversations.changed' && event.source === 'local'),
    ).toEqual([{ type: 'conversations.changed', conversationIds: [refund], source: 'local' }]);
    expect(await listed(ada, refund)).toMatchObject({ assignee: 'ben@example.com' });
    await eventOf(ben, 'conversations.changed', changedFrom('team', refund), fromB);
    expect(await listed(ben, refund)).toMatchObject({
      assignee: 'ben@example.com',
      status: 'pending',
    });
    // Ben's list as Ben sees it: "me" is Ben.
    expect((await ben.app.mail.conversations({ assignee: 'me' })).map((row) => row.id)).toEqual([
      refund,
    ]);
  });

  it('tags: a tag nobody had is defined on the way, in the workspace colour, for the teammate too', async () => {
    const fromA = ada.events.length;
    const fromB = ben.events.length;
    const tagged = await ada.app.triage.tag({ conversationId: refund, add: ['Billing', 'vip'] });
    expect(tagged).toMatchObject({ done: 'tags +Billing +vip', delivery: 'confirmed' });
    await eventOf(ada, 'team.directory', (event) => event.what === 'tags', fromA);
    await eventOf(ben, 'team.directory', (event) => event.what === 'tags', fromB);
    await eventOf(ben, 'conversations.changed', changedFrom('team', refund), fromB);
    expect(await ben.app.team.tags()).toEqual([
      { id: 'billing', name: 'Billing', color: '#6b7280' },
      { id: 'vip', name: 'vip', color: '#6b7280' },
    ]);
    expect(await listed(ben, refund)).toMatchObject({ tags: ['Billing', 'vip'] });
    const untagged = await ben.app.triage.tag({ conversationId: refund, remove: ['vip'] });
    expect(untagged).toMatchObject({ done: 'tags -vip', delivery: 'confirmed' });
    expect(await listed(ben, refund)).toMatchObject({ tags: ['Billing'] });
  });

  it('notes: written as this app member, mentions as addresses, shown to the teammate', async () => {
    const fromB = ben.events.length;
    const noted = await ada.app.triage.note({
      conversationId: refund,
      text: 'Refund approved, @ben@example.com please reply',
    });
    expect(noted).toMatchObject({
      conversationId: refund,
      done: 'note added (mentions ben@example.com)',
      delivery: 'confirmed',
      note: {
        author: 'ada@example.com',
        text: 'Refund approved, @ben@example.com please reply',
        mentions: ['ben@example.com'],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) as unknown,
      },
    });
    await eventOf(ben, 'conversations.changed', changedFrom('team', refund), fromB);
    expect((await ben.app.mail.conversation({ conversationId: refund })).notes).toEqual([
      noted.note,
    ]);
  });

  it('status: snoozed until an instant, read back as the list shows it', async () => {
    const fromB = ben.events.length;
    const snoozed = await ada.app.triage.setStatus({
      conversationId: refund,
      status: 'snoozed',
      snoozedUntil: '2099-01-01T09:00:00+01:00',
    });
    expect(snoozed.done).toBe('status snoozed until 2099-01-01T08:00:00.000Z');
    await eventOf(ben, 'conversations.changed', changedFrom('team', refund), fromB);
    expect(await listed(ben, refund)).toMatchObject({ status: 'snoozed' });
  });

  it('a change that changes nothing tells nothing', async () => {
    await ada.app.triage.assign({ conversationId: printer, to: 'me' });
    const from = ada.events.length;
    expect(await ada.app.triage.assign({ conversationId: printer, to: 'me' })).toMatchObject({
      done: 'assigned to ada@example.com',
    });
    // A change that does change something, after it, is told: the first was not.
    await ada.app.triage.assign({ conversationId: printer, to: 'none' });
    await eventOf(ada, 'conversations.changed', changedFrom('local', printer), from);
    expect(
      ada.events.slice(from).filter((event) => event.type === 'conversations.changed'),
    ).toHaveLength(1);
  });
});

describe('input the contract refuses, naming the field', () => {
  const cases: Array<[MethodName, Record<string, unknown>, string]> = [
    ['triage.assign', { to: 'me' }, 'conversationId'],
    ['triage.assign', { conversationId: 'c', to: 'someone' }, 'to'],
    ['triage.assign', { conversationId: 'c', to: { email: 'x' } }, 'to.email'],
    ['triage.setStatus', { conversationId: 'c', status: 'done' }, 'status'],
    ['triage.setStatus', { conversationId: 'c', status: 'snoozed' }, 'snoozedUntil'],
    [
      'triage.setStatus',
      { conversationId: 'c', status: 'open', snoozedUntil: '2099-01-01T00:00:00Z' },
      'snoozedUntil',
    ],
    [
      'triage.setStatus',
      { conversationId: 'c', status: 'snoozed', snoozedUntil: 'tomorrow' },
      'snoozedUntil',
    ],
    ['triage.tag', { conversationId: 'c' }, 'add'],
    ['triage.tag', { conversationId: 'c', add: [' '] }, 'add.0'],
    ['triage.note', { conversationId: 'c', text: '  ' }, 'text'],
  ];
  it.each(cases)('%s %j: %s', async (method, params, field) => {
    expect(await ada.dispatcher.handle({ method, params })).toMatchObject({
      ok: false,
      error: { code: 'invalid', field },
    });
  });

  it('no call lets its caller say who acts: an actor or a member is refused', async () => {
    const valid: Record<string, Record<string, unknown>> = {
      'triage.assign': { conversationId: refund, to: 'me' },
      'triage.setStatus': { conversationId: refund, status: 'open' },
      'triage.tag': { conversationId: refund, add: ['Billing'] },
      'triage.note': { conversationId: refund, text: 'hello' },
    };
    const before = (await ada.app.mail.conversation({ conversationId: refund })).notes.length;
    for (const [method, params] of Object.entries(valid))
      for (const key of ['actor', 'member', 'memberId'])
        expect(
          await ada.dispatcher.handle({ method, params: { ...params, [key]: 'someone-else' } }),
          `${method} with ${key}`,
        ).toMatchObject({
          ok: false,
          error: { code: 'invalid', field: key, message: `${key} is not part of ${method}` },
        });
    expect((await ada.app.mail.conversation({ conversationId: refund })).notes).toHaveLength(
      before,
    );
  });
});

describe('what the workspace refuses, with its code', () => {
  it('an unknown conversation or teammate names the field', async () => {
    expect(
      await ada.dispatcher.handle({
        method: 'triage.assign',
        params: { conversationId: 'c0000000000000000000000', to: 'me' },
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'not-found',
        message: 'unknown conversation: c0000000000000000000000',
        field: 'conversationId',
      },
    });
    expect(
      await ada.dispatcher.handle({
        method: 'triage.assign',
        params: { conversationId: refund, to: { email: 'nobody@example.com' } },
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'not-found',
        message: 'no teammate with the address nobody@example.com',
        field: 'to.email',
      },
    });
  });

  it("a viewer's changes, an agent's new tag, a snooze in the past, and a tag name too long", async () => {
    for (const [facade, method, params, code, message] of [
      [vic, 'triage.assign', { conversationId: refund, to: 'none' }, 'forbidden', /viewer/],
      [vic, 'triage.note', { conversationId: refund, text: 'hi' }, 'forbidden', /viewer/],
      [
        ben,
        'triage.tag',
        { conversationId: refund, add: ['nosuchtag'] },
        'forbidden',
        /^no tag named nosuchtag: an admin defines tags$/,
      ],
      [
        ada,
        'triage.setStatus',
        { conversationId: refund, status: 'snoozed', snoozedUntil: '2001-01-01T00:00:00Z' },
        'invalid',
        /in the past/,
      ],
      [
        ada,
        'triage.tag',
        { conversationId: refund, add: ['x'.repeat(101)] },
        'invalid',
        /^not a valid tag name$/,
      ],
    ] as const) {
      const response = await facade.dispatcher.handle({ method, params });
      expect(response, `${method} ${JSON.stringify(params)}`).toMatchObject({
        ok: false,
        error: { code },
      });
      expect((response as { error: { message: string } }).error.message).toMatch(message);
    }
  });

  it('all or none: an edit refused leaves the others of the call unmade', async () => {
    const before = await listed(ben, refund);
    const refused = await ben.dispatcher.handle({
      method: 'triage.tag',
      params: { conversationId: refund, add: ['nosuchtag'], remove: ['Billing'] },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await listed(ben, refund)).toEqual(before);
  });
});
