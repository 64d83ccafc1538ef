// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToastRegion, type ToastItem } from '../../renderer/components/ui/toast-region.js';
import { useToastStore } from '../../renderer/stores/toast-store.js';
import './support/cleanup.js';

describe('ToastRegion', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is one live region (role status) in the page, also while empty', () => {
    render(<ToastRegion toasts={[]} onDismiss={() => {}} />);
    const region = screen.getByRole('status', { name: 'Notifications' });
    expect(region.textContent).toBe('');
  });

  it('shows a toast with its action; the action runs once and dismisses it', async () => {
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    const undo = vi.fn();
    const dismissed: string[] = [];
    const toast: ToastItem = {
      id: 't1',
      title: 'Reply sent',
      description: 'To ana@example.com',
      tone: 'success',
      action: { label: 'Undo', onAction: undo },
    };
    render(<ToastRegion toasts={[toast]} onDismiss={(id) => dismissed.push(id)} />);
    const region = screen.getByRole('status');
    expect(region.textContent).toContain('Reply sent');
    expect(region.textContent).toContain('To ana@example.com');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(undo).toHaveBeenCalledOnce();
    expect(dismissed).toEqual(['t1']);
    expect(screen.getByRole('button', { name: 'Dismiss: Reply sent' })).toBeTruthy();
  });

  it('goes by itself after its time, but not while the pointer is on it', async () => {
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    const dismissed: string[] = [];
    render(
      <ToastRegion
        toasts={[{ id: 't1', title: 'Assigned to Bo', durationMs: 1000 }]}
        onDismiss={(id) => dismissed.push(id)}
      />,
    );
    await user.hover(screen.getByText('Assigned to Bo'));
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(dismissed).toEqual([]);
    await user.unhover(screen.getByText('Assigned to Bo'));
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(dismissed).toEqual(['t1']);
  });

  it('the store keeps the newest four and dismisses by id', () => {
    const { show, dismiss } = useToastStore.getState();
    const ids = Array.from({ length: 6 }, (_, i) => show({ title: `Toast ${i}` }));
    expect(useToastStore.getState().toasts.map((t) => t.title)).toEqual([
      'Toast 2',
      'Toast 3',
      'Toast 4',
      'Toast 5',
    ]);
    dismiss(ids[5] ?? '');
    expect(useToastStore.getState().toasts.map((t) => t.title)).toEqual([
      'Toast 2',
      'Toast 3',
      'Toast 4',
    ]);
  });
});
