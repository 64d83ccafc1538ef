// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Dialog } from '../../renderer/components/ui/dialog.js';
import './support/cleanup.js';

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Rename tag
      </button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Rename tag"
        description="Everyone on the team sees the new name."
        footer={
          <>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button">Save</button>
          </>
        }
      >
        <input aria-label="Name" />
      </Dialog>
    </>
  );
}

describe('Dialog', () => {
  it('is a named modal dialog; focus goes in, stays in, and returns where it was', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Rename tag' });
    await user.click(opener);

    const dialog = screen.getByRole('dialog', { name: 'Rename tag' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog).toBe(
      screen.getByRole('dialog', { description: 'Everyone on the team sees the new name.' }),
    );
    // The content's first control has focus (not the close button).
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Name' }));

    // Tab cycles inside: Name → Cancel → Save → Close → Name.
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save' }));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Name' }));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('closes from its close button and its backdrop', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Rename tag' }));
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Rename tag' }));
    const backdrop = document.querySelector('.ui-dialog-backdrop');
    expect(backdrop).not.toBeNull();
    await user.click(backdrop as Element);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
