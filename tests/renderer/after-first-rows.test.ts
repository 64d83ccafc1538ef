import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterFirstRows } from '../../renderer/bridge/after-first-rows.js';
import { useConversationsStore } from '../../renderer/stores/conversations-store.js';
import { ListRows } from '../../renderer/model/list-rows.js';
import { LOADING } from '../../renderer/stores/load-state.js';

// In Node there is no requestAnimationFrame: "the rows' frame" is the next task.
beforeEach(() => {
  vi.useFakeTimers();
  useConversationsStore.setState({ items: ListRows.EMPTY, load: LOADING });
});
afterEach(() => vi.useRealTimers());

describe('afterFirstRows (what the page asks for besides the list)', () => {
  it('starts once the list has loaded, not before, and once only', () => {
    const started: string[] = [];
    afterFirstRows(() => started.push('rest'));
    vi.advanceTimersByTime(900);
    expect(started).toEqual([]);
    useConversationsStore.getState().setItems([]);
    vi.advanceTimersByTime(0);
    expect(started).toEqual(['rest']);
    useConversationsStore.getState().setItems([]);
    vi.advanceTimersByTime(2000);
    expect(started).toEqual(['rest']);
  });

  it('starts after a second at most when the list does not come (a host slow to answer it)', () => {
    const started: string[] = [];
    afterFirstRows(() => started.push('rest'));
    vi.advanceTimersByTime(999);
    expect(started).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(started).toEqual(['rest']);
  });

  it('starts nothing once cancelled', () => {
    const started: string[] = [];
    const cancel = afterFirstRows(() => started.push('rest'));
    cancel();
    useConversationsStore.getState().setItems([]);
    vi.advanceTimersByTime(2000);
    expect(started).toEqual([]);
  });
});
