import { useContactStore } from '../../stores/contact-store.js';
import { useConversationsStore } from '../../stores/conversations-store.js';
import { ContactPanel } from './contact-panel.js';

/** The contact panel from the stores (the conversation bridge fills the contact's). */
export function ContactScreen() {
  const contact = useContactStore((s) => s.contact);
  const previous = useContactStore((s) => s.previous);
  const previousLoad = useContactStore((s) => s.previousLoad);
  const open = useConversationsStore((s) => s.open);
  return (
    <ContactPanel
      contact={contact}
      previous={previous}
      previousLoad={previousLoad}
      onOpenConversation={open}
    />
  );
}
