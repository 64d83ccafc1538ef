// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Avatar } from '../../renderer/components/ui/avatar.js';
import { avatarHue, initials } from '../../renderer/components/ui/initials.js';
import './support/cleanup.js';

describe('initials', () => {
  it('takes the first and last word of a name, else the address', () => {
    expect(initials('Ana de Lima')).toBe('AL');
    expect(initials('zoë')).toBe('Z');
    expect(initials('  Jean-Luc   Picard ')).toBe('JP');
    expect(initials('', 'support@example.com')).toBe('S');
    expect(initials('(Ops) Team')).toBe('OT');
    expect(initials('')).toBe('?');
    // A letter outside the BMP stays whole (no lone surrogate).
    expect(initials('𝒜lice Smith')).toBe('𝒜S');
  });

  it('gives a person the same hue every time, and people different ones', () => {
    expect(avatarHue('ana@example.com', 8)).toBe(avatarHue('ana@example.com', 8));
    const hues = new Set(
      ['ana', 'bo', 'chen', 'dara', 'eli', 'fay', 'gus', 'hana'].map((n) =>
        avatarHue(`${n}@example.com`, 8),
      ),
    );
    expect(hues.size).toBeGreaterThan(3);
  });
});

describe('Avatar', () => {
  it('is an image named after the person and their presence', () => {
    render(<Avatar name="Ana Lima" email="ana@example.com" presence="online" />);
    const avatar = screen.getByRole('img', { name: 'Ana Lima (online)' });
    expect(avatar.textContent).toBe('AL');
  });

  it('beside the name already, it is hidden from screen readers', () => {
    render(
      <p>
        <Avatar name="Ana Lima" decorative /> Ana Lima
      </p>,
    );
    expect(screen.queryByRole('img')).toBeNull();
  });
});
