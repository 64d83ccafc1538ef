// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { TeammatePresence, TeamMember } from '../../../src/app/index.js';
import {
  cannedValues,
  fillCanned,
  greetingName,
  unfilledVariables,
} from '../../../renderer/screens/composer/canned-fill.js';
import { CoWriters } from '../../../renderer/screens/composer/co-writers.js';
import { LoadBoundary } from '../../../renderer/components/ui/load-boundary.js';
import { heldBy, heldInWords } from '../../../renderer/screens/composer/held-reason.js';
import { caretElement, caretSelection } from '../../../renderer/screens/composer/caret-marks.js';
import { ModeSwitch } from '../../../renderer/screens/composer/mode-switch.js';
import {
  parseRecipient,
  parseRecipients,
  withRecipients,
} from '../../../renderer/screens/composer/recipients.js';
import '../support/cleanup.js';

/*
 * The composer's pieces that need no app: typed addresses, a canned response's variables, a held
 * reply's reason in words, who else is writing, the mode switch.
 */

const ADA: TeamMember = {
  id: 'm-ada',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  role: 'admin',
  permissions: {},
  defaultPermission: 'full-access',
};
const BEN: TeamMember = {
  id: 'm-ben',
  name: 'Ben',
  email: 'ben@example.com',
  role: 'agent',
  permissions: {},
  defaultPermission: 'full-access',
};

describe('typed recipients', () => {
  it('reads an address, a named one, and several at once; what is no address is said', () => {
    expect(parseRecipient('ana@example.com')).toEqual({ address: 'ana@example.com' });
    expect(parseRecipient(' "Ana Lima" <ana@example.com> ')).toEqual({
      address: 'ana@example.com',
      name: 'Ana Lima',
    });
    expect(parseRecipient('<ana@example.com>')).toEqual({ address: 'ana@example.com' });
    expect(parseRecipient('Ana Lima')).toBeNull();
    expect(parseRecipients('a@x.example; Bo <b@x.example>\nnope, c@x.example')).toEqual({
      recipients: [
        { address: 'a@x.example' },
        { address: 'b@x.example', name: 'Bo' },
        { address: 'c@x.example' },
      ],
      invalid: ['nope'],
    });
  });

  it('adds each address once, whatever its case', () => {
    expect(
      withRecipients(
        [{ address: 'Ana@example.com' }],
        [{ address: 'ana@EXAMPLE.com' }, { address: 'bo@example.com' }],
      ),
    ).toEqual([{ address: 'Ana@example.com' }, { address: 'bo@example.com' }]);
  });
});

describe("a canned response's variables", () => {
  const values = cannedValues({
    contact: { address: 'carla@customer.example', name: 'Mendes, Carla' },
    agent: { name: 'Ada Lovelace' },
    mailbox: undefined,
    subject: 'Refund',
  });

  it('fills what the page knows and leaves the rest as written, to be named', () => {
    const text = fillCanned(
      'Hi {{ contact.firstName }}, about {{conversation.subject}}.\n{{agent.firstName}}, {{mailbox.name}} {{order}}',
      values,
    );
    expect(text).toBe('Hi Carla, about Refund.\nAda, {{mailbox.name}} {{order}}');
    expect(unfilledVariables(text)).toEqual(['mailbox.name', 'order']);
    expect(unfilledVariables(`${text} {{order}}`)).toEqual(['mailbox.name', 'order']);
  });

  it('greets by a first name, never by an address', () => {
    expect(greetingName('Judy Smith')).toBe('Judy');
    expect(greetingName('Smith, Judy')).toBe('Judy');
    expect(greetingName('"judy@example.com"')).toBeUndefined();
    expect(greetingName('')).toBeUndefined();
  });
});

describe("a held reply's reason", () => {
  const now = new Date('2026-03-01T15:00:00');
  const at = new Date('2026-03-01T14:02:00').toISOString();
  const atTime = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(
    new Date(at),
  );

  it('names the teammate of the finding by name, with when, whatever their address’s case', () => {
    const held = { kind: 'teammate-replied', who: 'ADA@example.com', at } as const;
    const who = heldBy(held, [BEN, ADA]);
    expect(who).toBe(ADA);
    expect(heldInWords(held, 'the app’s sentence', who, now)).toBe(
      `Ada Lovelace replied at ${atTime}, after you started this reply.`,
    );
    const replying = { kind: 'teammate-replying', who: 'ben@example.com', at } as const;
    expect(heldInWords(replying, undefined, heldBy(replying, [BEN, ADA]), now)).toBe(
      'Ben is replying to this conversation right now.',
    );
  });

  it('says a customer by address, never as a teammate; without a finding, the app’s words', () => {
    // A customer who shares a teammate's address part is still the customer.
    const held = { kind: 'customer-wrote', who: 'carla@customer.example', at } as const;
    expect(heldBy(held, [BEN, ADA])).toBeUndefined();
    expect(heldInWords(held, undefined, undefined, now)).toBe(
      `carla@customer.example wrote again at ${atTime}, after you started this reply.`,
    );
    expect(heldInWords(undefined, 'the server may have it', undefined, now)).toBe(
      'the server may have it.',
    );
  });
});

describe("a teammate's caret", () => {
  it('is drawn with their name, in the same tone in every page, by classes only (no inline style)', () => {
    const ada = caretElement({ name: 'Ada', id: 'm-ada' });
    expect(ada.textContent).toBe('Ada');
    expect(ada.getAttribute('style')).toBeNull();
    const tone = [...ada.classList].find((name) => name.startsWith('collab-tone-'));
    expect(tone).toBeDefined();
    expect(caretElement({ name: 'Ada L.', id: 'm-ada' }).classList.contains(tone!)).toBe(true);
    expect(caretSelection({ name: 'Ada', id: 'm-ada' }).class).toContain(tone!);
  });
});

describe('who else is writing', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  const typing = (
    member: TeamMember,
    conversationId: string,
    kind: 'reply' | 'note',
    inMs: number,
  ) =>
    ({
      member: { id: member.id, name: member.name, email: member.email },
      viewing: conversationId,
      typing: { conversationId, kind, until: new Date(now + inMs).toISOString() },
    }) satisfies TeammatePresence;

  /** What the line says (its faces are initials, hidden from screen readers). */
  const said = () =>
    screen.getByRole('group', { name: 'Writing here too' }).querySelector('.co-writers__text')
      ?.textContent;

  it('names teammates typing here now, not those whose announcement lapsed, nor me', () => {
    render(
      <CoWriters
        conversationId="c1"
        present={[typing(BEN, 'c1', 'reply', 5000), typing(ADA, 'c1', 'reply', 5000)]}
        editors={[]}
        myEmail="ADA@example.com"
        kind="reply"
        now={now}
      />,
    );
    expect(said()).toBe('Ben is writing here');
  });

  it('else says who wrote in the draft before', () => {
    render(
      <CoWriters
        conversationId="c1"
        present={[typing(BEN, 'c1', 'reply', -1), typing(ADA, 'c2', 'reply', 5000)]}
        editors={[{ id: BEN.id, name: 'Ben', email: BEN.email, at: '2026-03-01T09:00:00Z' }]}
        myEmail="ada@example.com"
        kind="reply"
        now={now}
      />,
    );
    expect(said()).toBe('Edited by Ben');
  });

  it('is nothing while nobody else is on it', () => {
    const { container } = render(
      <CoWriters
        conversationId="c1"
        present={[typing(BEN, 'c1', 'note', 5000)]}
        editors={[]}
        myEmail="ada@example.com"
        kind="reply"
        now={now}
      />,
    );
    expect(container.textContent).toBe('');
  });
});

describe('the mode switch', () => {
  it('says which mode is on, and switches', async () => {
    const chosen: string[] = [];
    render(<ModeSwitch mode="reply" onChange={(mode) => chosen.push(mode)} />);
    const group = screen.getByRole('group', { name: 'Write' });
    expect(group.querySelector('[aria-pressed="true"]')?.textContent).toBe('Reply');
    await userEvent.click(screen.getByRole('button', { name: 'Note' }));
    expect(chosen).toEqual(['note']);
  });
});

describe("the composer's code failing to load", () => {
  it('is said in its place, and the page around it stays', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const gaveUp: string[] = [];
    function Unloadable(): never {
      throw new Error('Failed to fetch dynamically imported module');
    }
    try {
      render(
        <main>
          <h1>Refund</h1>
          <LoadBoundary what="The composer" onGiveUp={() => gaveUp.push('closed')}>
            <Unloadable />
          </LoadBoundary>
        </main>,
      );
      expect(screen.getByRole('alert').textContent).toContain('could not be loaded');
      expect(screen.getByRole('heading', { name: 'Refund' })).toBeTruthy();
      await userEvent.click(screen.getByRole('button', { name: 'Close' }));
      expect(gaveUp).toEqual(['closed']);
    } finally {
      quiet.mockRestore();
    }
  });
});
