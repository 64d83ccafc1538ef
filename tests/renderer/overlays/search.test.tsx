// @vitest-environment jsdom
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodOutput, SearchHit } from '../../../src/app/index.js';
import { setAppLink } from '../../../renderer/app-link.js';
import { startSearchBridge } from '../../../renderer/bridge/search-bridge.js';
import { SearchOverlay } from '../../../renderer/screens/search/search-overlay.js';
import { useConversationsStore } from '../../../renderer/stores/conversations-store.js';
import { useSearchStore } from '../../../renderer/stores/search-store.js';
import { useUiStore } from '../../../renderer/stores/ui-store.js';
import { deferred, refusal, scriptedLink, type ScriptedLink } from '../support/scripted-link.js';
import '../support/cleanup.js';

type Answer = MethodOutput<'mail.search'>;

const hit = (id: string, subject: string, snippet: string): SearchHit => ({
  conversationId: id,
  subject,
  snippet,
  kind: 'message',
});

let held: Array<{ query: string; answer: ReturnType<typeof deferred<Answer>> }>;
let link: ScriptedLink;
let stop: () => void;

beforeEach(() => {
  held = [];
  link = scriptedLink({
    'mail.search': ({ query }) => {
      const answer = deferred<Answer>();
      held.push({ query, answer });
      return answer.promise;
    },
  });
  setAppLink(link);
  useSearchStore.setState({ query: '', answer: null, pending: false, error: null, active: 0 });
  useConversationsStore.setState({ openId: null });
  useUiStore.setState({ overlay: 'search' });
  stop = startSearchBridge(link);
});

afterEach(() => stop());

const asked = () => link.calls.map((call) => (call.params as { query: string }).query);

/** Lets the app answer the query asked `index`-th. */
async function answer(index: number, hits: SearchHit[]): Promise<void> {
  await act(async () => {
    held[index]!.answer.resolve({ hits, cut: null });
    await held[index]!.answer.promise;
  });
}

describe('search as you type', () => {
  it('asks at the first key, never the queries typed past while one is out, and shows only the latest', async () => {
    const user = userEvent.setup();
    render(<SearchOverlay onClose={() => useUiStore.getState().closeOverlay()} />);
    const box = screen.getByRole('searchbox', { name: 'Search' });
    expect(document.activeElement).toBe(box);

    await user.type(box, 'inv');
    // "i" went out at once; "in" and "inv" came while it was out: only the latest waits.
    expect(asked()).toEqual(['i']);
    await answer(0, [hit('c0', 'Stale', 'an answer to i')]);
    expect(asked()).toEqual(['i', 'inv']);
    // The answer to "i" is not shown: it is not what is typed.
    expect(screen.queryByRole('listbox', { name: 'Search results' })).toBeNull();

    await answer(1, [
      hit('c1', 'Invoice 4471 charged twice', 'the invoice was charged twice'),
      hit('c2', 'Invoice copy', 'a copy of the invoice please'),
    ]);
    const results = screen.getByRole('listbox', { name: 'Search results' });
    expect(results.getAttribute('data-results-for')).toBe('inv');
    const options = within(results).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      expect.stringContaining('Invoice 4471 charged twice'),
      expect.stringContaining('Invoice copy'),
    ]);
    // The words typed are marked in what matched.
    expect([...results.querySelectorAll('mark')].map((m) => m.textContent)).toContain('inv');
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);

    // ↓ moves, Enter opens the conversation and closes search.
    await user.keyboard('{ArrowDown}');
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    expect(useConversationsStore.getState().openId).toBe('c2');
    expect(useUiStore.getState().overlay).toBeNull();
  });

  it('draws every result, the first screen at once and the rest after', async () => {
    const user = userEvent.setup();
    render(<SearchOverlay onClose={() => undefined} />);
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'a');
    const hits = Array.from({ length: 30 }, (_, i) => hit(`c${i}`, `Subject ${i}`, 'a'));
    await answer(0, hits);
    const results = screen.getByRole('listbox', { name: 'Search results' });
    await waitFor(() => expect(within(results).getAllByRole('option')).toHaveLength(30));
    expect(within(results).getAllByRole('option').at(-1)!.textContent).toContain('Subject 29');
  });

  it('shows the spinner for a wait that lasts, not at every keystroke', async () => {
    const user = userEvent.setup();
    render(<SearchOverlay onClose={() => undefined} />);
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'x');
    expect(asked()).toEqual(['x']);
    expect(screen.queryByRole('img', { name: 'Searching' })).toBeNull();
    // Still out a moment later: now it says so.
    expect(await screen.findByRole('img', { name: 'Searching' })).toBeTruthy();
    await answer(0, [hit('c1', 'Xylophone', 'x')]);
    expect(screen.queryByRole('img', { name: 'Searching' })).toBeNull();
  });

  it('holds back an operator without its value, and an unfinished date', async () => {
    const user = userEvent.setup();
    render(<SearchOverlay onClose={() => undefined} />);
    const box = screen.getByRole('searchbox', { name: 'Search' });
    await user.click(box);
    await user.paste('from:');
    await user.clear(box);
    await user.paste('before:2026-0');
    // The date is finished key by key: asked once whole, never before (the app would refuse it).
    await user.type(box, '3-01');
    expect(asked()).toEqual(['before:2026-03-01']);
  });

  it('says why a query cannot be searched, in the app’s words', async () => {
    const failing = scriptedLink({
      'mail.search': () =>
        Promise.reject(
          refusal('invalid', 'before: expects a date like 2024-03-31, got "2026-02-30"'),
        ),
    });
    stop();
    stop = startSearchBridge(failing);
    const user = userEvent.setup();
    render(<SearchOverlay onClose={() => undefined} />);
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'x');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'before: expects a date like 2024-03-31, got "2026-02-30"',
    );
  });

  it('asks again when conversations change, and offers the operators when empty', async () => {
    const user = userEvent.setup();
    render(<SearchOverlay onClose={() => undefined} />);
    expect(screen.getByRole('button', { name: /in:notes refund/ })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /in:notes refund/ }));
    expect(screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search' }).value).toBe(
      'in:notes',
    );
    await answer(0, [hit('c1', 'Refund', 'refund')]);
    act(() =>
      link.emit({ type: 'conversations.changed', conversationIds: ['c1'], source: 'team' }),
    );
    expect(asked()).toEqual(['in:notes', 'in:notes']);
  });

  it('opens empty again once closed, and asks nothing more for what it showed', async () => {
    const user = userEvent.setup();
    const { unmount } = render(<SearchOverlay onClose={() => undefined} />);
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'x');
    await answer(0, [hit('c1', 'Refund', 'refund')]);
    expect(screen.getByRole('listbox', { name: 'Search results' })).toBeTruthy();
    unmount();
    // Closed: a change of the mail asks nothing (no results are kept to refresh).
    act(() =>
      link.emit({ type: 'conversations.changed', conversationIds: ['c1'], source: 'team' }),
    );
    expect(asked()).toEqual(['x']);
    render(<SearchOverlay onClose={() => undefined} />);
    expect(screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search' }).value).toBe('');
    expect(screen.queryByRole('listbox', { name: 'Search results' })).toBeNull();
    expect(screen.getByRole('button', { name: /in:notes refund/ })).toBeTruthy();
  });
});
