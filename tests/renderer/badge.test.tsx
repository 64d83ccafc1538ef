// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Badge, Count } from '../../renderer/components/ui/badge.js';
import { Kbd } from '../../renderer/components/ui/kbd.js';
import { TagChip } from '../../renderer/components/ui/tag-chip.js';
import './support/cleanup.js';

describe('Badge, Count, TagChip, Kbd', () => {
  it('a badge is its text', () => {
    render(<Badge tone="success">Closed</Badge>);
    expect(screen.getByText('Closed').className).toContain('ui-badge--success');
  });

  it('a count shows the number and says what it counts', () => {
    render(<Count value={1234} unit="unread" />);
    expect(screen.getByText('999+').getAttribute('aria-hidden')).toBe('true');
    expect(screen.getByText('1234 unread').className).toBe('visually-hidden');
  });

  it('a tag shows its colour, and only a plain hex colour reaches the style', () => {
    const { container } = render(
      <>
        <TagChip name="Billing" color="#2f9e44" />
        <TagChip name="Evil" color="red; background-image: url(https://example.com/t.png)" />
      </>,
    );
    const [billing, evil] = Array.from(container.querySelectorAll<HTMLElement>('.ui-tag'));
    expect(billing?.style.getPropertyValue('--tag-color')).toBe('#2f9e44');
    expect(evil?.getAttribute('style') ?? '').not.toContain('url(');
    expect(screen.getByText('Evil')).toBeTruthy();
  });

  it('a shortcut is one <kbd> per key', () => {
    const { container } = render(<Kbd keys={['Ctrl', 'K']} />);
    expect(Array.from(container.querySelectorAll('kbd'), (k) => k.textContent)).toEqual([
      'Ctrl',
      'K',
    ]);
  });
});
