import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  draftRoomFor,
  DRAFT_FRAGMENT,
  fragmentToText,
  writeTextToFragment,
} from '../../../src/team/workspace/index.js';
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
});
