import type { ReactNode } from 'react';
import { MailOpen } from 'lucide-react';
import { EmptyState } from '../components/ui/empty-state.js';
import { Kbd } from '../components/ui/kbd.js';
import './reading-pane.css';

export interface ReadingPaneProps {
  /** The open conversation; nothing open shows how to open one. */
  children?: ReactNode;
}

/** The right-hand pane, where a conversation opens (its own region, "Conversation", inside). */
export function ReadingPane({ children }: ReadingPaneProps) {
  return (
    <section className="reading-pane" aria-label="Reading pane">
      {children ?? (
        <EmptyState
          icon={<MailOpen />}
          title="No conversation open"
          description="Pick one from the list, or move through it with the keyboard."
          hint={
            <>
              <KeyHint keys={[['j'], ['k']]} text="to move" />
              <KeyHint keys={[['Enter']]} text="to open" />
              <KeyHint keys={[['?']]} text="for all shortcuts" />
            </>
          }
        />
      )}
    </section>
  );
}

/** Keys and what they do, kept on one line ("j k to move"). */
function KeyHint({ keys, text }: { keys: string[][]; text: string }) {
  return (
    <span className="reading-pane__hint">
      {keys.map((combo) => (
        <Kbd key={combo.join('+')} keys={combo} />
      ))}
      <span>{text}</span>
    </span>
  );
}
