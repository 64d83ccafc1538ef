import { useId } from 'react';
import { Mail, MessageSquareText, StickyNote } from 'lucide-react';
import type { SearchHit } from '../../../src/app/index.js';
import { Avatar } from '../../components/ui/avatar.js';
import { EmptyState } from '../../components/ui/empty-state.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import type { Contact } from '../../stores/contact-store.js';
import type { LoadState } from '../../stores/load-state.js';
import { shortName } from './model/address.js';
import { visibleText } from './model/visible-text.js';
import './contact-panel.css';

export interface ContactPanelProps {
  contact: Contact | null;
  previous: readonly SearchHit[];
  previousLoad: LoadState;
  onOpenConversation: (conversationId: string) => void;
}

function PreviousConversations({
  previous,
  load,
  onOpen,
}: {
  previous: readonly SearchHit[];
  load: LoadState;
  onOpen: (conversationId: string) => void;
}) {
  if (load.status === 'loading')
    return (
      <div className="contact-previous__loading" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <div key={i} className="contact-previous__skeleton">
            <Skeleton width="70%" />
            <Skeleton width="90%" />
          </div>
        ))}
      </div>
    );
  if (load.status === 'error')
    return (
      <p className="contact-panel__quiet">
        Their conversations could not be listed: {load.message}
      </p>
    );
  if (previous.length === 0)
    return <p className="contact-panel__quiet">No other conversations with them.</p>;
  return (
    <ul className="contact-previous">
      {previous.map((hit) => (
        <li key={hit.conversationId}>
          <button
            type="button"
            className="contact-previous__item"
            onClick={() => onOpen(hit.conversationId)}
          >
            <span className="contact-previous__subject">
              {hit.kind === 'note' ? (
                <StickyNote aria-hidden="true" />
              ) : (
                <MessageSquareText aria-hidden="true" />
              )}
              <span>{visibleText(hit.subject) || '(no subject)'}</span>
            </span>
            <span className="contact-previous__snippet">{visibleText(hit.snippet)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The right panel's content: who the conversation is with, and their other conversations. */
export function ContactPanel({
  contact,
  previous,
  previousLoad,
  onOpenConversation,
}: ContactPanelProps) {
  const headingId = useId();
  if (!contact)
    return (
      <EmptyState
        title="No contact"
        description="This conversation is only between the team’s own addresses."
      />
    );
  const name = visibleText(shortName(contact));
  const address = visibleText(contact.address);
  return (
    <div className="contact-panel">
      <div className="contact-panel__person">
        <Avatar name={contact.name} email={contact.address} size="lg" decorative />
        <div className="contact-panel__who">
          <p className="contact-panel__name">{name}</p>
          {address ? (
            <a className="contact-panel__address" href={`mailto:${address}`}>
              <Mail aria-hidden="true" />
              {address}
            </a>
          ) : null}
        </div>
      </div>
      <section className="contact-panel__section" aria-labelledby={headingId}>
        <h3 id={headingId} className="contact-panel__heading">
          Previous conversations
        </h3>
        <PreviousConversations
          previous={previous}
          load={previousLoad}
          onOpen={onOpenConversation}
        />
      </section>
    </div>
  );
}
