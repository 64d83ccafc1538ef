// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Search } from 'lucide-react';
import { describe, expect, it, vi } from 'vitest';
import { Button } from '../../renderer/components/ui/button.js';
import { IconButton } from '../../renderer/components/ui/icon-button.js';
import './support/cleanup.js';

describe('Button', () => {
  it('is named by its label, its icon silent, and works from the keyboard', async () => {
    const user = userEvent.setup();
    const onClick = vi.fn();
    render(
      <Button icon={<Search data-testid="icon" />} onClick={onClick}>
        Send
      </Button>,
    );
    const button = screen.getByRole('button', { name: 'Send' });
    expect(button.getAttribute('type')).toBe('button');
    expect(screen.getByTestId('icon').closest('[aria-hidden="true"]')).not.toBeNull();

    await user.tab();
    expect(document.activeElement).toBe(button);
    await user.keyboard('{Enter}');
    await user.keyboard(' ');
    expect(onClick).toHaveBeenCalledTimes(2);
  });

  it('busy: says so, keeps its label (its width) and takes no clicks', async () => {
    const user = userEvent.setup();
    const onClick = vi.fn();
    render(
      <Button busy onClick={onClick}>
        Send
      </Button>,
    );
    const button = screen.getByRole('button', { name: 'Send' });
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(button.hasAttribute('disabled')).toBe(true);
    expect(button.textContent).toBe('Send');
    await user.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });
});

describe('IconButton', () => {
  it('is named by its label, with the shortcut in its tooltip', async () => {
    const user = userEvent.setup();
    const onClick = vi.fn();
    render(<IconButton label="Search" shortcut="/" icon={<Search />} onClick={onClick} />);
    const button = screen.getByRole('button', { name: 'Search' });
    expect(button.getAttribute('title')).toBe('Search (/)');
    await user.tab();
    expect(document.activeElement).toBe(button);
    await user.keyboard('{Enter}');
    expect(onClick).toHaveBeenCalledOnce();
  });
});
