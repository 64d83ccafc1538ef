import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../src/app/contract/inputs.js';
import type { TeammatePresence } from '../../src/app/contract/outputs.js';
import { TYPING_TTL_MS } from '../../src/team/client/presence.js';
import type { Dovecot } from '../helpers/dovecot.js';
import { until } from '../helpers/wait.js';
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
 * Teammates at work at the same time, each app a facade in this process over its own data
 * directory, against a real sync server: presence (who views, who types), the team connection
 * (a token revoked while connected), a running sync and the app's changes sharing one connection
 * per document, and teammates' notes reaching a running sync as events.
 */

let dovecot: Dovecot;
let team: Team;
let ada: SyncedFacade;
let ben: SyncedFacade;
let refund: string;
let printer: string;
const opened: SyncedFacade[] = [];

/** How much later than Ada's clock Ben's runs: his view of her typing ends 2 s after. */
const BEN_AHEAD_MS = TYPING_TTL_MS - 2000;

beforeAll(async () => {
  dovecot = await startMailbox();
  // Revoked tokens' open connections are closed within 200 ms (30 s by default).
  team = await startTeam({ accessCheckMs: 200, roomIdleMs: 100 });
  ada = await teammate(dovecot, team, team.adminToken);
  ben = await teammate(dovecot, team, team.addMember('ben').token, {
    clock: { now: () => Date.now() + BEN_AHEAD_MS },
  });
  // Ben's app is connected to the team (asking who is there connects it), and hears what comes.
  expect(await ben.app.team.presence()).toEqual([]);
  ({ refund, printer } = await conversationsOf(ada));
}, 120_000);

afterAll(() => closeAll([ada, ben, ...opened], team, dovecot));

/** What `of` shows of Ada: viewing what, typing where. */
const adaIn = (teammates: readonly TeammatePresence[]) =>
  teammates.find((teammate) => teammate.member.email === 'ada@example.com');

describe('presence', () => {
  it("a teammate's view and typing reach the other app as presence.changed, and typing ends by itself", async () => {
    let from = ben.events.length;
    await ada.app.team.setViewing({ conversationId: refund });
    const viewing = await eventOf(
      ben,
      'presence.changed',
      (event) => adaIn(event.teammates)?.viewing === refund,
      from,
    );
    expect(adaIn(viewing.teammates)).toEqual({
      member: { id: expect.any(String) as unknown, name: 'Ada', email: 'ada@example.com' },
      viewing: refund,
      typing: null,
    });
    expect(adaIn(await ben.app.team.presence())).toMatchObject({ viewing: refund });

    from = ben.events.length;
    await ada.app.team.setTyping({ conversationId: refund, kind: 'note' });
    const typing = await eventOf(
      ben,
      'presence.changed',
      (event) => adaIn(event.teammates)?.typing?.kind === 'note',
      from,
    );
    expect(adaIn(typing.teammates)?.typing).toEqual({
      conversationId: refund,
      kind: 'note',
      until: expect.stringMatching(/Z$/) as unknown,
    });
    // Nobody says "stopped typing": the claim runs out (Ben's clock is ahead), and that is told.
    await eventOf(
      ben,
      'presence.changed',
      (event) => adaIn(event.teammates)?.viewing === refund && !adaIn(event.teammates)?.typing,
      ben.events.indexOf(typing) + 1,
    );

    from = ben.events.length;
    await ada.app.team.setViewing({ conversationId: null });
    await eventOf(
      ben,
      'presence.changed',
      (event) => adaIn(event.teammates)?.viewing === null,
      from,
    );
  });

  it('an app that closes leaves the presence of the others', async () => {
    const cara = await teammate(dovecot, team, team.addMember('cara').token);
    const from = ben.events.length;
    await cara.app.team.setViewing({ conversationId: printer });
    await eventOf(
      ben,
      'presence.changed',
      (event) => event.teammates.some((other) => other.member.email === 'cara@example.com'),
      from,
    );
    await cara.close();
    await eventOf(
      ben,
      'presence.changed',
      (event) => !event.teammates.some((other) => other.member.email === 'cara@example.com'),
      from,
    );
  });

  it('refuses what the contract does not take, naming the field; an unknown conversation is not-found', async () => {
    const cases: Array<[MethodName, Record<string, unknown>, string]> = [
      ['team.setViewing', {}, 'conversationId'],
      ['team.setViewing', { conversationId: '' }, 'conversationId'],
      ['team.setTyping', { conversationId: refund }, 'kind'],
      ['team.setTyping', { conversationId: refund, kind: 'shout' }, 'kind'],
      ['team.setTyping', { conversationId: refund, kind: 'reply', member: 'x' }, 'member'],
      ['team.presence', { all: true }, 'all'],
    ];
    for (const [method, params, field] of cases)
      expect(await ada.dispatcher.handle({ method, params }), method).toMatchObject({
        ok: false,
        error: { code: 'invalid', field },
      });
    expect(
      await ada.dispatcher.handle({
        method: 'team.setViewing',
        params: { conversationId: 'c0000000000000000000000' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'not-found', field: 'conversationId' } });
  });
});

describe('the team connection', () => {
  it('a token revoked while connected: connection.changed token-refused, and a change fails so', async () => {
    const member = team.addMember('dan');
    const dan = await teammate(dovecot, team, member.token);
    opened.push(dan);
    await dan.app.team.presence();
    await eventOf(dan, 'connection.changed', (event) => event.state === 'online');
    const from = dan.events.length;
    team.server.directory.revokeTokens(team.workspaceId, member.memberId);
    expect(
      await eventOf(dan, 'connection.changed', (event) => event.target === 'team', from),
    ).toEqual({ type: 'connection.changed', target: 'team', state: 'token-refused' });
    await expect(
      dan.app.triage.assign({ conversationId: printer, to: 'me' }),
    ).rejects.toMatchObject({
      code: 'token-refused',
      message: expect.stringMatching(
        /^the team server refused this app's token \(revoked while connected\); the change \(assigned to dan@example.com\) is kept here but not accepted: /,
      ) as unknown,
    });
    expect(await dan.app.team.status()).toMatchObject({ token: 'refused' });
    // Refused is for good: it is never followed by "offline" or "online".
    expect(
      dan.events
        .slice(from)
        .filter((event) => event.type === 'connection.changed')
        .map((event) => event.type === 'connection.changed' && event.state),
    ).toEqual(['token-refused']);
  });
});

describe('a running sync and the app share one live workspace', () => {
  it('one connection per document while a sync runs, changes and presence included; offline told', async () => {
    // Alone on its own server, so that every connection the server holds is this app's.
    const solo = await startTeam({ roomIdleMs: 100 });
    const eve = await teammate(dovecot, solo, solo.adminToken);
    opened.push(eve);
    const { hub } = solo.server.server;
    /** Each document this app has open is connected once. */
    const oneEach = () => {
      const { rooms, sessions } = hub.stats();
      return rooms > 0 && rooms === sessions;
    };
    try {
      await eve.app.triage.assign({ conversationId: refund, to: 'me' });
      await eve.app.sync.start();
      await eventOf(eve, 'sync.team');
      await eve.app.triage.tag({ conversationId: refund, add: ['vip'] });
      await eve.app.team.setViewing({ conversationId: refund });
      expect(await until(oneEach, 5000), JSON.stringify(hub.stats())).toBe(true);
      await eve.app.sync.stop();
      // The app stays connected for its changes and presence: a server that goes away is told.
      await eventOf(eve, 'connection.changed', (event) => event.state === 'online');
      const from = eve.events.length;
      await solo.server.stop();
      await eventOf(eve, 'connection.changed', (event) => event.state === 'offline', from);
    } finally {
      await solo.server.close();
    }
  });

  it("a teammate's note reaches a running sync as a team change, with the conversation's id", async () => {
    await ben.app.sync.start();
    try {
      await eventOf(ben, 'sync.team');
      const from = ben.events.length;
      // Ben has nothing of the printer conversation open: only his running sync hears of it.
      await ada.app.triage.note({ conversationId: printer, text: 'Called the customer' });
      await eventOf(ben, 'conversations.changed', changedFrom('team', printer), from);
      expect(
        (await ben.app.mail.conversation({ conversationId: printer })).notes.map(
          (note) => note.text,
        ),
      ).toEqual(['Called the customer']);
      const assigned = ben.events.length;
      await ada.app.triage.assign({ conversationId: printer, to: { email: 'ben@example.com' } });
      await eventOf(ben, 'conversations.changed', changedFrom('team', printer), assigned);
      expect((await ben.app.mail.conversations({ assignee: 'me' })).map((row) => row.id)).toContain(
        printer,
      );
    } finally {
      await ben.app.sync.stop();
    }
  });
});
