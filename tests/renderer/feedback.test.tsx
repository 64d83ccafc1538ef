// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EmptyState } from '../../renderer/components/ui/empty-state.js';
import { Skeleton } from '../../renderer/components/ui/skeleton.js';
import { Spinner } from '../../renderer/components/ui/spinner.js';
import './support/cleanup.js';

describe('Spinner, Skeleton, EmptyState', () => {
  it('a spinner is named by what loads, or silent inside a control that says it', () => {
    render(
      <>
        <Spinner label="Loading conversations" />
        <Spinner label={null} />
      </>,
    );
    expect(screen.getAllByRole('img')).toHaveLength(1);
    expect(screen.getByRole('img', { name: 'Loading conversations' })).toBeTruthy();
  });

  it('a skeleton is hidden from screen readers and has the size it is given', () => {
    const { container } = render(<Skeleton width="6rem" height="1rem" />);
    const bone = container.firstElementChild as HTMLElement;
    expect(bone.getAttribute('aria-hidden')).toBe('true');
    expect([bone.style.width, bone.style.height]).toEqual(['6rem', '1rem']);
  });

  it('an empty state says what the place is for and offers what to do', () => {
    render(
      <EmptyState
        title="No tags yet"
        description="Tags you add show here."
        actions={<button type="button">Add a tag</button>}
      />,
    );
    expect(screen.getByText('No tags yet')).toBeTruthy();
    expect(screen.getByText('Tags you add show here.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add a tag' })).toBeTruthy();
  });
});
