import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AppEventOf } from '../../src/app/contract/events.js';
import type { DraftView, RelativePositionJson } from '../../src/app/contract/outputs.js';
import { DRAFT_FRAGMENT } from '../../src/team/workspace/index.js';
import { until } from '../helpers/wait.js';
import type { TestSmtpServer } from '../smtp/support/test-smtp-server.js';
import type { SyncedFacade } from './support/synced-facade.js';
import {
  conversationsOf,
  eventOf,
  startSendingTeam,
  type SendingTeam,
} from './support/team-fixture.js';

/*
 * What a composer needs of the shared draft beyond its text, between Ada and Ben (teammates on
 * one Dovecot mailbox, through the real sync server, sending through a real SMTP server): a
 * bound editor's typing makes its agent a co-writer; teammates' carets travel with the draft's
 * room; "is replying" ends when told; the draft's `{{variables}}` never go out raw; a held
 * reply says who, when and what.
 */

/** Ben's clock runs an hour ahead: what he announces lasts an hour in Ada's eyes. */
const BEN_AHEAD_MS = 3_600_000;

let sending: SendingTeam | undefined;
let smtp: TestSmtpServer;
let ada: SyncedFacade;
let ben: SyncedFacade;
let refund: string;
let printer: string;

beforeAll(async () => {
  sending = await startSendingTeam({
    benOptions: { clock: { now: () => Date.now() + BEN_AHEAD_MS } },
  });
  ({ smtp, ada, ben } = sending);
  ({ refund, printer } = await conversationsOf(ada));
}, 120_000);

afterAll(async () => {
  await sending?.close();
});

/** A bound editor's copy of the draft: the state drafts.open gives, as a page holds it. */
function editorCopy(view: DraftView): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(view.state, 'base64'));
  return doc;
}

/** Types a paragraph at the end of the copy; the change as drafts.update takes it. */
function typeParagraph(doc: Y.Doc, text: string): string {
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(DRAFT_FRAGMENT);
  fragment.insert(fragment.length, [paragraph]);
  return Buffer.from(Y.encodeStateAsUpdate(doc, before)).toString('base64');
}

/** The first paragraph's text in a copy. */
function firstText(doc: Y.Doc): Y.XmlText {
  const paragraph = doc.getXmlFragment(DRAFT_FRAGMENT).get(0) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

describe('the shared draft in a composer', () => {
  it('makes the agent typing in a bound editor a co-writer, as drafts.edit does', async () => {
    const opened = await ada.app.drafts.open({ conversationId: printer });
    expect(opened).toMatchObject({ text: '', editors: [], startedAt: null });
    const copy = editorCopy(opened);
    await ada.app.drafts.update({
      conversationId: printer,
      update: typeParagraph(copy, 'Have you tried turning it off and on?'),
    });

    const mine = await ada.app.drafts.open({ conversationId: printer });
    expect(mine.text).toBe('Have you tried turning it off and on?');
    expect(mine.editors.map((editor) => editor.email)).toEqual(['ada@example.com']);
    expect(mine.startedAt).not.toBeNull();
    // Teammates see her as its writer (the inbox's draft marker and the composer's co-writers).
    const onBen = await until('Ada as the draft’s editor on Ben', async () => {
      const view = await ben.app.drafts.open({ conversationId: printer });
      return view.editors.length > 0 && view;
    });
    expect(onBen.editors.map((editor) => editor.email)).toEqual(['ada@example.com']);
    await ben.app.drafts.close({ conversationId: printer });

    // Emptied (sent, discarded), a bound editor writes back the empty paragraph ProseMirror
    // always holds: that is no one's writing, and the draft stays blank.
    await ada.app.drafts.discard({ conversationId: printer });
    const emptied = editorCopy(await ada.app.drafts.open({ conversationId: printer }));
    await ada.app.drafts.update({ conversationId: printer, update: typeParagraph(emptied, '') });
    expect(await ada.app.drafts.open({ conversationId: printer })).toMatchObject({
      text: '',
      editors: [],
      startedAt: null,
    });
    await ada.app.drafts.close({ conversationId: printer });
  });

  it("shows teammates' carets in the draft, through the sync server, until the composer closes", async () => {
    await ada.app.drafts.edit({ conversationId: refund, text: 'Hello Carla, refund sent.' });
    const adaCopy = editorCopy(await ada.app.drafts.open({ conversationId: refund }));
    const benCopy = editorCopy(
      await until('the text on Ben', async () => {
        const view = await ben.app.drafts.open({ conversationId: refund });
        return view.text !== '' && view;
      }),
    );
    // Ada selects "Carla" (6 to 11) in her copy: relative positions, as y-prosemirror's.
    const at = (index: number) =>
      Y.relativePositionToJSON(
        Y.createRelativePositionFromTypeIndex(firstText(adaCopy), index),
      ) as RelativePositionJson;
    const fromBen = ben.events.length;
    const answer = await ada.dispatcher.handle({
      method: 'drafts.awareness',
      params: { conversationId: refund, caret: { anchor: at(6), head: at(11) } },
    });
    expect(answer).toMatchObject({ ok: true, result: [] });

    const told = await eventOf(
      ben,
      'draft.awareness',
      (event) => event.conversationId === refund && event.carets.length > 0,
      fromBen,
    );
    expect(told.carets).toHaveLength(1);
    expect(told.carets[0]?.member).toMatchObject({ name: 'Ada', email: 'ada@example.com' });
    // The positions are Ada's selection in Ben's own copy of the draft.
    const [caret] = told.carets;
    const where = (position: object) =>
      Y.createAbsolutePositionFromRelativePosition(
        Y.createRelativePositionFromJSON(position),
        benCopy,
      )?.index;
    expect([where(caret!.anchor), where(caret!.head)]).toEqual([6, 11]);
    // Ben's own call answers with the carets there now.
    const seen = await ben.app.drafts.awareness({ conversationId: refund, caret: null });
    expect(seen.map((one) => one.member.email)).toEqual(['ada@example.com']);

    // Ada closes her composer: her caret leaves Ben's draft.
    const fromBenAgain = ben.events.length;
    await ada.app.drafts.close({ conversationId: refund });
    await eventOf(
      ben,
      'draft.awareness',
      (event) => event.conversationId === refund && event.carets.length === 0,
      fromBenAgain,
    );
    expect(await ben.app.drafts.awareness({ conversationId: refund, caret: null })).toEqual([]);
    await ben.app.drafts.close({ conversationId: refund });
  });

  it('refuses a caret that is not a place in a draft', async () => {
    for (const caret of [{ anchor: {}, head: 'x' }, { anchor: { item: { client: -1, clock: 0 } } }])
      expect(
        await ada.dispatcher.handle({
          method: 'drafts.awareness',
          params: { conversationId: refund, caret },
        }),
      ).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('ends "is replying" when told, long before it would lapse', async () => {
    const typingOf = (teammates: AppEventOf<'presence.changed'>['teammates']) =>
      teammates.find((mate) => mate.member.email === 'ben@example.com')?.typing ?? null;
    const from = ada.events.length;
    await ben.app.team.setTyping({ conversationId: refund, kind: 'reply' });
    await eventOf(
      ada,
      'presence.changed',
      (event) => typingOf(event.teammates)?.conversationId === refund,
      from,
    );
    // Ben's claim runs an hour in Ada's eyes: only his stop ends it here.
    const fromStop = ada.events.length;
    await ben.app.team.setTyping({ conversationId: refund, kind: 'reply', stopped: true });
    await eventOf(
      ada,
      'presence.changed',
      (event) =>
        event.teammates.some((mate) => mate.member.email === 'ben@example.com') &&
        typingOf(event.teammates) === null,
      fromStop,
    );
    // A stop for another conversation leaves a claim elsewhere as it is.
    await ben.app.team.setTyping({ conversationId: refund, kind: 'reply' });
    await ben.app.team.setTyping({ conversationId: printer, kind: 'reply', stopped: true });
    await until('Ben typing in Refund, on Ada', async () =>
      (await ada.app.team.presence()).some((mate) => mate.typing?.conversationId === refund),
    );
    await ben.app.team.setTyping({ conversationId: refund, kind: 'reply', stopped: true });
    await until('Ben typing nowhere, on Ada', async () =>
      (await ada.app.team.presence()).every((mate) => mate.typing === null),
    );
  });

  it('fills the draft’s {{variables}} at send, and refuses one it cannot fill, naming it', async () => {
    await ada.app.drafts.edit({
      conversationId: printer,
      text: 'Thanks for waiting.\nOrder {{order.id}} ships today. {{ contact.middleName }}\n{{agent.name}}',
    });
    const refused = await ada.dispatcher.handle({
      method: 'outbox.reply',
      params: { conversationId: printer, draft: true, now: true },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const message = (refused as { error: { message: string } }).error.message;
    expect(message).toContain('{{order.id}}');
    expect(message).toContain('{{contact.middleName}}');
    expect(message).toMatch(/shared draft/u);
    // Nothing went, and the draft is as it was.
    expect(smtp.received.some((got) => got.raw.includes('{{'))).toBe(false);
    expect((await ada.app.drafts.open({ conversationId: printer })).text).toContain('{{order.id}}');

    await ada.app.drafts.edit({
      conversationId: printer,
      text: 'Thanks for waiting, it ships today.\n{{ agent.name }} from {{mailbox.name}}',
    });
    const sent = await ada.app.outbox.reply({ conversationId: printer, draft: true, now: true });
    expect(sent.state).toBe('sent');
    const got = smtp.received.find((message) => message.raw.includes(`<${sent.messageId}>`))!;
    const parsed = await simpleParser(got.raw);
    expect(parsed.text).toContain('Ada from Support');
    expect(parsed.text).not.toContain('{{');
    await ada.app.drafts.close({ conversationId: printer });
  });

  it('says a held reply’s who, when and what as fields', async () => {
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    const bens = await ben.app.outbox.reply({
      conversationId: refund,
      text: 'Refund is on its way.',
      now: true,
    });
    expect(bens.state).toBe('sent');
    // Ben's reply, recorded as his, reaches Ada's workspace.
    await ada.app.sync.runOnce();
    const held = await ada.app.outbox.reply({
      conversationId: refund,
      text: 'We are looking into it.',
      startedAt,
      now: true,
    });
    expect(held.state).toBe('held');
    const item = (await ada.app.outbox.list()).find((one) => one.id === held.outboxId);
    expect(item).toMatchObject({
      state: 'held',
      held: { kind: 'teammate-replied', who: 'ben@example.com' },
    });
    // When Ben replied: by his clock, an hour ahead of Ada's start.
    expect(Date.parse(item!.held!.at)).toBeGreaterThan(Date.parse(startedAt));
    await ada.app.outbox.cancel({ id: held.outboxId });
  });
});
