import { useCallback, useState, type KeyboardEvent } from 'react';
import type { Editor } from '@tiptap/react';
import { Trash2, X } from 'lucide-react';
import { sendNewMessage } from '../../bridge/new-message-bridge.js';
import { IconButton } from '../../components/ui/icon-button.js';
import { useAccountsStore } from '../../stores/accounts-store.js';
import { useNewMessageStore } from '../../stores/new-message-store.js';
import { AttachButton, AttachmentList } from '../composer/attachments.js';
import { AddressFields } from '../composer/address-fields.js';
import { ComposerField } from '../composer/composer-field.js';
import { SendButton, SendHint } from '../composer/send-controls.js';
import { TextEditor } from '../composer/text-editor.js';
import { ModalFrame } from '../overlays/modal-frame.js';
import '../composer/composer.css';
import './new-message.css';

/**
 * New message: a conversation of its own from one of the shared mailboxes (`c`, the palette,
 * the desktop app's menu, or a `mailto:` link clicked elsewhere, which fills it in). Ctrl+Enter
 * (⌘↵) sends, with the undo toast of every send; closing keeps what was written for next time,
 * Discard forgets it.
 */
export function NewMessage({ onClose }: { onClose: () => void }) {
  const accounts = useAccountsStore((s) => s.accounts);
  const message = useNewMessageStore();
  const [editor, setEditor] = useState<Editor | null>(null);
  const onReady = useCallback((made: Editor | null) => {
    setEditor(made);
    // Recipients given (a mailto: link, a message reopened): the text is next. After the frame
    // has placed its focus (its effect runs after this one), and at the text's end.
    if (made && useNewMessageStore.getState().to.length > 0)
      queueMicrotask(() => {
        if (!made.isDestroyed) made.commands.focus('end');
      });
  }, []);
  const from = accounts.find((account) => account.id === message.account) ?? accounts[0];

  const send = () => {
    if (from) void sendNewMessage(from.id);
    else message.setError('Add a shared mailbox in Settings first.');
  };
  // Before the editor's own keys (Mod+Enter is a line break there, Esc selects the paragraph):
  // from any field, Mod+Enter sends and Esc closes, keeping the message.
  const onKeyDownCapture = (event: KeyboardEvent) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      send();
    }
  };
  const discard = () => {
    message.clear();
    onClose();
  };
  // With the To field first while it is empty, the text when a link gave the recipients.
  const toFirst = message.to.length === 0;

  return (
    <ModalFrame label="New message" onClose={onClose} className="new-message">
      <section className="composer new-message__composer" onKeyDownCapture={onKeyDownCapture}>
        <header className="composer__header">
          <h2 className="new-message__title">New message</h2>
          <IconButton
            label="Close New message"
            shortcut="Esc"
            icon={<X />}
            size="sm"
            className="composer__close"
            onClick={onClose}
          />
        </header>
        <div className="composer__fields">
          {accounts.length > 1 ? (
            <ComposerField label="From">
              {(id) => (
                <select
                  id={id}
                  className="composer-field__input new-message__from"
                  value={from?.id ?? ''}
                  onChange={(event) => message.setFields({ account: event.target.value })}
                >
                  {accounts.map((account) => (
                    <option key={account.id} value={account.id}>
                      {account.name} &lt;{account.email}&gt;
                    </option>
                  ))}
                </select>
              )}
            </ComposerField>
          ) : from ? (
            <div className="composer-field">
              <span className="composer-field__label">From</span>
              <span className="new-message__from-text">
                {from.name} &lt;{from.email}&gt;
              </span>
            </div>
          ) : null}
          <AddressFields
            to={message.to}
            cc={message.cc}
            bcc={message.bcc}
            autoFocusTo={toFirst}
            onChange={(kind, list) => message.setFields({ [kind]: list })}
          />
          <ComposerField label="Subject">
            {(id) => (
              <input
                id={id}
                className="composer-field__input"
                type="text"
                value={message.subject}
                spellCheck
                onChange={(event) => message.setFields({ subject: event.target.value })}
                onKeyDown={(event) => {
                  if (event.key !== 'Enter' || event.metaKey || event.ctrlKey) return;
                  event.preventDefault();
                  editor?.commands.focus('end');
                }}
              />
            )}
          </ComposerField>
        </div>
        <div className="composer__body new-message__body">
          <TextEditor
            key={message.opening}
            label="Message"
            placeholder="Write your message…"
            initialText={message.text}
            autofocus={false}
            onChange={(text) => message.setFields({ text })}
            onReady={onReady}
          />
          <AttachmentList files={message.attachments} onRemove={message.removeAttachment} />
        </div>
        {message.error ? (
          <p className="composer__error" role="alert">
            {message.error}
          </p>
        ) : null}
        <footer className="composer__footer">
          <SendButton busy={message.sending} onClick={send} />
          <div className="composer__tools">
            <AttachButton
              current={message.attachments}
              onAdd={message.addAttachments}
              onProblem={message.setError}
            />
            <IconButton label="Discard message" icon={<Trash2 />} size="sm" onClick={discard} />
          </div>
          <SendHint />
        </footer>
      </section>
    </ModalFrame>
  );
}
