import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  draftRoomFor,
  DRAFT_FRAGMENT,
  fragmentToText,
  writeTextToFragment,
} from '../../../src/team/workspace/index.js';
import { until } from '../../helpers/wait.js';
import { conversation, syncAll, team, WORKSPACE_ID } from './support/peers.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('shared drafts', () => {
  it('live in their own room, as a ProseMirror-style fragment with plain-text helpers', async () => {
    const { alice } = await team();
    const id = conversation(1);
    const draft = await alice.ws.openDraft(id);
    expect(alice.source.docs.get(draftRoomFor(WORKSPACE_ID, id))).toBe(draft.doc);
    expect(draft.fragment).toBe(draft.doc.getXmlFragment(DRAFT_FRAGMENT));
    expect(draft.isEmpty()).toBe(true);
    draft.setText('Hello Jane,\n\nthanks for writing.\nBest');
    expect(draft.text()).toBe('Hello Jane,\n\nthanks for writing.\nBest');
    expect(draft.fragment.toJSON()).toBe(
      '<paragraph>Hello Jane,</paragraph><paragraph></paragraph><paragraph>thanks for writing.</paragraph><paragraph>Best</paragraph>',
    );
    draft.setText('');
    expect(draft.isEmpty()).toBe(true);
    expect(await alice.ws.openDraft(id)).toBe(draft);
  });

  it('reads what a rich-text editor wrote: marks, hard breaks, headings, lists', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(DRAFT_FRAGMENT);
    const text = (s: string, attrs?: Record<string, unknown>) => {
      const t = new Y.XmlText();
      t.insert(0, s, attrs);
      return t;
    };
    const el = (name: string, children: Array<Y.XmlElement | Y.XmlText>) => {
      const e = new Y.XmlElement(name);
      e.insert(0, children);
      return e;
    };
    fragment.insert(0, [
      el('heading', [text('Order 42')]),
      el('paragraph', [
        text('Hi, '),
        text('Bob', { bold: true }),
        el('hardBreak', []),
        text('second line'),
      ]),
      el('bulletList', [
        el('listItem', [el('paragraph', [text('one')])]),
        el('listItem', [el('paragraph', [text('two')])]),
      ]),
    ]);
    expect(fragmentToText(fragment)).toBe('Order 42\nHi, Bob\nsecond line\none\ntwo');
    writeTextToFragment(fragment, 'plain');
    expect(fragmentToText(fragment)).toBe('plain');
  });

  it('merges two teammates typing at once and records who edited it', async () => {
    const { alice, bob } = await team();
    const id = conversation(2);
    const a = await alice.ws.openDraft(id);
    a.setText('Hello');
    syncAll(alice.source, bob.source);
    const b = await bob.ws.openDraft(id);
    expect(b.text()).toBe('Hello');

    // Typed into the same paragraph, as an editor binding would.
    const para = (d: typeof a) => (d.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    para(a).insert(5, ' Jane');
    para(b).insert(0, '>> ');
    syncAll(alice.source, bob.source);
    expect(a.text()).toBe('>> Hello Jane');
    expect(b.text()).toBe(a.text());
    expect(
      a
        .editors()
        .map((e) => e.memberId)
        .sort(),
    ).toEqual(['alice', 'bob']);

    await settle();
    syncAll(alice.source, bob.source);
    const state = await alice.ws.conversationState(id);
    expect(state.draft?.editors.length).toBeGreaterThan(0);
  });

  it('can be discarded, which removes the marker; viewers cannot write it', async () => {
    const { alice, vic } = await team();
    const id = conversation(3);
    const a = await alice.ws.openDraft(id);
    a.setText('Draft');
    await settle();
    expect((await alice.ws.conversationState(id)).draft).toMatchObject({ editors: ['alice'] });
    syncAll(alice.source, vic.source);
    const v = await vic.ws.openDraft(id);
    expect(v.text()).toBe('Draft');
    expect(() => v.setText('mine')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    a.discard();
    await settle();
    expect(a.isEmpty()).toBe(true);
    expect(a.editors()).toEqual([]);
    expect((await alice.ws.conversationState(id)).draft).toBeNull();
    a.close();
    expect(() => a.setText('x')).toThrow(expect.objectContaining({ code: 'closed' }));
    expect(await alice.ws.openDraft(id)).not.toBe(a);
  });

  it('carries recipients and a subject: sets that merge, the last subject wins', async () => {
    const { alice, bob } = await team();
    const id = conversation(4);
    const a = await alice.ws.openDraft(id);
    expect(a.isBlank()).toBe(true);
    expect(a.envelope()).toEqual({ to: null, cc: null, bcc: null, subject: null });
    a.setEnvelope({
      to: [{ address: 'jane@customer.example', name: 'Jane' }],
      subject: 'Re: Order 42',
    });
    expect(a.isBlank()).toBe(false);
    expect(a.isEmpty()).toBe(true);
    syncAll(alice.source, bob.source);
    const b = await bob.ws.openDraft(id);
    expect(b.envelope()).toEqual({
      to: [{ address: 'jane@customer.example', name: 'Jane' }],
      cc: [],
      bcc: [],
      subject: 'Re: Order 42',
    });

    // Apart: each adds a Cc; Alice drops nobody, Bob renames the subject.
    a.setEnvelope({ cc: [{ address: 'ops@acme.example' }] });
    b.setEnvelope({ cc: [{ address: 'boss@customer.example' }], subject: 'Re: Order 42 (refund)' });
    syncAll(alice.source, bob.source);
    for (const draft of [a, b]) {
      expect(
        draft
          .envelope()
          .cc?.map((r) => r.address)
          .sort(),
      ).toEqual(['boss@customer.example', 'ops@acme.example']);
      expect(draft.envelope().subject).toBe('Re: Order 42 (refund)');
    }

    // A list given replaces that list, keeping the order recipients were added in.
    a.setEnvelope({
      to: [
        { address: 'JANE@customer.example', name: 'Jane' },
        { address: 'tom@customer.example' },
        { address: 'amy@customer.example' },
      ],
      cc: [{ address: 'ops@acme.example' }],
    });
    // The same address in other case is the one there already.
    expect(a.envelope().to?.map((r) => r.address)).toEqual([
      'jane@customer.example',
      'tom@customer.example',
      'amy@customer.example',
    ]);
    expect(a.envelope().cc).toEqual([{ address: 'ops@acme.example' }]);
  });

  it('knows when it was started, and a discard leaves it blank', async () => {
    const { alice } = await team();
    const id = conversation(5);
    const a = await alice.ws.openDraft(id);
    expect(a.startedAt()).toBeNull();
    a.setText('Hi');
    const started = a.startedAt();
    expect(started).not.toBeNull();
    a.setText('Hi Jane');
    a.setEnvelope({ bcc: [{ address: 'audit@acme.example' }] });
    expect(a.startedAt()).toBe(started);
    a.discard();
    expect(a.isBlank()).toBe(true);
    expect(a.startedAt()).toBeNull();
  });

  it('tells its source, when closed, whether it holds anything', async () => {
    const { alice } = await team();
    const released: Array<{ room: string | undefined; forget: boolean | undefined }> = [];
    alice.source.release = (room, _doc, options) => {
      released.push({ room, forget: options?.forget });
    };
    const kept = await alice.ws.openDraft(conversation(6));
    kept.setText('keep me');
    kept.close();
    const sent = await alice.ws.openDraft(conversation(7));
    sent.setText('sent');
    sent.discard();
    sent.close();
    await until('both drafts released', () => released.length === 2);
    expect(released).toEqual([
      { room: draftRoomFor(WORKSPACE_ID, conversation(6)), forget: false },
      { room: draftRoomFor(WORKSPACE_ID, conversation(7)), forget: true },
    ]);
  });

  it('keeps nothing of what it said once discarded (the document as stored)', async () => {
    const { alice } = await team();
    const a = await alice.ws.openDraft(conversation(8));
    a.setText('Your card ending 4242 was refunded');
    a.setEnvelope({
      to: [{ address: 'jane@customer.example', name: 'Jane Doe' }],
      bcc: [{ address: 'audit@acme.example' }],
      subject: 'Re: Refund for Jane',
    });
    a.discard();
    const stored = Buffer.from(Y.encodeStateAsUpdate(a.doc)).toString('latin1');
    for (const said of ['4242', 'jane@customer.example', 'Jane Doe', 'audit@acme', 'Refund for'])
      expect(stored, said).not.toContain(said);
  });
});
