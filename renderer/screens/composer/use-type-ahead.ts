import { useEffect } from 'react';
import { closeComposer } from '../../bridge/composer-bridge.js';
import { useComposerStore } from '../../stores/composer-store.js';

/** A field or an editor: a key there is text already, never one of the app's. */
function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement)
  );
}

/**
 * While the conversation's composer opens (its code, the shared draft) and until the focus
 * lands (the editor takes it, or the agent moves it), what is typed is kept for the editor: not
 * lost, and above all not taken as the app's keys (an agent pressing r and typing "thanks" at
 * once must not open the Tag picker with its t). Esc still closes. Listening all along, deciding
 * at each key from the store: a key can come before React has drawn the composer just opened.
 */
export function useTypeAhead(conversationId: string): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { target, typingAhead, typedAhead, setTypedAhead } = useComposerStore.getState();
      if (target?.conversationId !== conversationId || !typingAhead) return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isEditable(event.target)) return;
      if (event.key === 'Escape') void closeComposer();
      else if (event.key === 'Backspace') setTypedAhead(typedAhead.slice(0, -1));
      else if (event.key === 'Enter') setTypedAhead(`${typedAhead}\n`);
      else if (event.key.length === 1) setTypedAhead(typedAhead + event.key);
      else return;
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    const landed = () => {
      const { target, typingAhead, setTypingAhead } = useComposerStore.getState();
      if (target?.conversationId === conversationId && typingAhead) setTypingAhead(false);
    };
    // Before the app's own keys (a listener on the document), on the way down.
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('focusin', landed, true);
    window.addEventListener('pointerdown', landed, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('focusin', landed, true);
      window.removeEventListener('pointerdown', landed, true);
    };
  }, [conversationId]);
}
