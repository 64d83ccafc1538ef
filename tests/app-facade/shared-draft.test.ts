import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DraftView } from '../../src/app/contract/outputs.js';
import { openCache } from '../../src/app/open-cache.js';
import { draftRoomFor, DRAFT_FRAGMENT } from '../../src/team/workspace/index.js';
import type { Dovecot } from '../helpers/dovecot.js';
import { withImap } from '../helpers/imap-client.js';
import { until } from '../helpers/wait.js';
import type { TestSmtpServer } from '../smtp/support/test-smtp-server.js';
import type { SyncedFacade } from './support/synced-facade.js';
import {
  conversationsOf,
  eventOf,
  USER,
  type Team,
  startSendingTeam,
  type SendingTeam,
} from './support/team-fixture.js';

/*
 * The reply draft is the team layer's shared draft: Ada and Ben, teammates on one mailbox (a
 * real Dovecot, a real SMTP server, the real sync server), open and write the same draft, its
 * recipients and subject included, one of them offline for a while; a reply sent from it goes
 * with what it holds, and the draft is then gone for both, its local copies and the server's
 * stored text with it; undoing the send puts it back.
 */

let sending: SendingTeam | undefined;
let dovecot: Dovecot;
let smtp: TestSmtpServer;
let team: Team;
let ada: SyncedFacade;
let ben: SyncedFacade;
let refund: string;
let printer: string;

beforeAll(async () => {
  // Idle rooms unload (compacted) at once: what the server keeps of a sent draft is then seen.
  sending = await startSendingTeam({ teamOptions: { roomIdleMs: 100 } });
  ({ dovecot, smtp, team, ada, ben } = sending);
  ({ refund, printer } = await conversationsOf(ada));
}, 120_000);

afterAll(async () => {
  await sending?.close();
});

/** The draft's text once `facade` holds it with `text` (told by a `draft.changed` event). */
async function draftSays(
  facade: SyncedFacade,
  id: string,
  text: string,
  ms?: number,
): Promise<DraftView> {
  return until(
    () => `${text} in the draft of ${facade.account.email}`,
    async () => {
      const view = await facade.app.drafts.open({ conversationId: id });
      return view.text === text && view;
    },
    ms,
  );
}

/** Stored rows of the draft's room in a teammate's replica. */
function replicaRows(facade: SyncedFacade, id: string): number {
  const db = openCache(facade.dataDir);
  try {
    return db
      .prepare<[string], number>('SELECT count(*) FROM workspace_updates WHERE room = ?')
      .pluck()
      .get(draftRoomFor(team.workspaceId, id))!;
  } finally {
    db.close();
  }
}

describe('the shared reply draft', () => {
  it('is co-written by teammates: its text, its recipients and its subject', async () => {
    const opened = await ada.app.drafts.open({ conversationId: refund });
    // Until set, the reply's own recipients and subject.
    expect(opened).toMatchObject({
      text: '',
      to: [{ address: 'carla@customer.example' }],
      cc: [],
      bcc: [],
      subject: 'Re: Refund',
      editors: [],
      startedAt: null,
    });

    const from = ada.events.length;
    await ben.app.drafts.edit({ conversationId: refund, text: 'Hello Carla,\nrefund sent.' });
    await eventOf(
      ada,
      'draft.changed',
      (event) => event.conversationId === refund && event.origin === 'remote',
      from,
    );
    const seen = await draftSays(ada, refund, 'Hello Carla,\nrefund sent.');
    expect(seen.editors.map((editor) => editor.email)).toEqual(['ben@example.com']);
    expect(seen.startedAt).not.toBeNull();

    // Ada adds a Cc, a Bcc and a subject; Ben sees them, the To kept as the reply's.
    await ada.app.drafts.edit({
      conversationId: refund,
      cc: [{ address: 'billing@customer.example', name: 'Billing' }],
      bcc: [{ address: 'audit@example.com' }],
      subject: 'Re: Refund (order 42)',
    });
    const onBen = await until('the recipients on Ben', async () => {
      const view = await ben.app.drafts.open({ conversationId: refund });
      return view.subject === 'Re: Refund (order 42)' && view;
    });
    expect(onBen).toMatchObject({
      to: [{ address: 'carla@customer.example' }],
      cc: [{ address: 'billing@customer.example', name: 'Billing' }],
      bcc: [{ address: 'audit@example.com' }],
    });

    // A bound editor works on the document itself: Ben's types into the first paragraph.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Buffer.from(onBen.state, 'base64'));
    const before = Y.encodeStateVector(doc);
    const paragraph = doc.getXmlFragment(DRAFT_FRAGMENT).get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert('Hello Carla'.length, ' (and Dan)');
    await ben.app.drafts.update({
      conversationId: refund,
      update: Buffer.from(Y.encodeStateAsUpdate(doc, before)).toString('base64'),
    });
    await draftSays(ada, refund, 'Hello Carla (and Dan),\nrefund sent.');
    expect(
      (await ben.dispatcher.handle({
        method: 'drafts.update',
        params: { conversationId: refund, update: Buffer.from('not yjs').toString('base64') },
      })) as unknown,
    ).toMatchObject({ ok: false, error: { code: 'invalid', field: 'update' } });
  });

  it('is what a reply from it sends, past a co-writer typing in it; then it is gone for both, here and on the server', async () => {
    // Ben is typing in the draft: co-writing the reply, not a second one.
    await ben.app.team.setTyping({ conversationId: refund, kind: 'reply' });
    await until('Ben typing, on Ada', async () =>
      (await ada.app.team.presence()).some((mate) => mate.typing?.conversationId === refund),
    );
    const fromBen = ben.events.length;
    const reply = await ada.app.outbox.reply({ conversationId: refund, draft: true, now: true });
    expect(reply).toMatchObject({ state: 'sent', conversationId: refund });

    const got = smtp.received.find((message) => message.raw.includes(`<${reply.messageId}>`))!;
    const parsed = await simpleParser(got.raw);
    expect(parsed.subject).toBe('Re: Refund (order 42)');
    expect(parsed.inReplyTo).toBe('<refund@customer.example>');
    expect(parsed.text).toContain('Hello Carla (and Dan),');
    expect(parsed.cc).toMatchObject({ value: [{ address: 'billing@customer.example' }] });
    expect(parsed.headers.has('bcc')).toBe(false);
    expect([...got.to].sort()).toEqual([
      'audit@example.com',
      'billing@customer.example',
      'carla@customer.example',
    ]);
    // The copy filed in Sent names the blind copy, for the team.
    const sentCopy = await withImap(dovecot, USER, async (client) => {
      const lock = await client.getMailboxLock('Sent', { readOnly: true });
      try {
        const found = await client.fetchOne('*', { source: true }, { uid: false });
        return found ? await simpleParser(found.source!) : undefined;
      } finally {
        lock.release();
      }
    });
    expect(sentCopy?.messageId).toBe(`<${reply.messageId}>`);
    expect(sentCopy?.bcc).toMatchObject({ value: [{ address: 'audit@example.com' }] });

    // Gone for both: blank again, the reply's own recipients back.
    await eventOf(ben, 'draft.changed', (event) => event.conversationId === refund, fromBen);
    for (const facade of [ada, ben]) {
      const view = await draftSays(facade, refund, '');
      expect(view).toMatchObject({ cc: [], bcc: [], subject: 'Re: Refund', startedAt: null });
    }
    // Closed, nothing of it is kept on either machine, and the server keeps none of its text.
    for (const facade of [ada, ben]) await facade.app.drafts.close({ conversationId: refund });
    await until('the draft forgotten on both machines', () =>
      [ada, ben].every((facade) => replicaRows(facade, refund) === 0),
    );
    const room = draftRoomFor(team.workspaceId, refund);
    await until('the draft room compacted on the server', () => {
      const rows = team.server.db
        .prepare<[string], Buffer>('SELECT data FROM room_updates WHERE room = ?')
        .pluck()
        .all(room);
      return rows.length === 1 && rows;
    });
    const stored = team.server.db
      .prepare<[string], Buffer>('SELECT data FROM room_updates WHERE room = ?')
      .pluck()
      .get(room)!;
    expect(stored.includes('refund sent')).toBe(false);
    expect(stored.includes('billing@customer.example')).toBe(false);
  });

  it('comes back when the send is undone', async () => {
    await ada.app.drafts.edit({
      conversationId: printer,
      text: 'Try turning it off and on.',
      subject: 'Re: Printer (try this)',
    });
    const queued = await ada.app.outbox.reply({ conversationId: printer, draft: true });
    expect(queued.state).toBe('queued');
    expect((await ada.app.drafts.open({ conversationId: printer })).text).toBe('');
    const cancelled = await ada.app.outbox.cancel({ id: queued.outboxId });
    expect(cancelled.backInDraft).toBe(true);
    expect(await ada.app.drafts.open({ conversationId: printer })).toMatchObject({
      text: 'Try turning it off and on.',
      subject: 'Re: Printer (try this)',
    });
    await ada.app.drafts.close({ conversationId: printer });
    // A draft without text is not sent.
    await ada.app.drafts.discard({ conversationId: printer });
    await expect(
      ada.app.outbox.reply({ conversationId: printer, draft: true }),
    ).rejects.toMatchObject({ code: 'invalid', field: 'draft' });
  });

  it('reaches the team from a teammate who wrote in it offline, once he is back', async () => {
    await ada.app.drafts.open({ conversationId: printer });
    await ben.app.sync.start();
    try {
      await eventOf(ben, 'sync.team');
      const port = Number(new URL(team.server.url).port);
      await team.server.stop();
      await ben.app.drafts.edit({ conversationId: printer, text: 'Written on the train.' });
      // Closed while offline: only his running sync can hand it over now.
      await ben.app.drafts.close({ conversationId: printer });
      expect(replicaRows(ben, printer)).toBeGreaterThan(0);
      await team.server.restart({ port });
      // Both reconnect with their backoff (at most 10 s).
      await draftSays(ada, printer, 'Written on the train.', 40_000);
    } finally {
      await ben.app.sync.stop();
      await ada.app.drafts.close({ conversationId: printer });
    }
  });
});
