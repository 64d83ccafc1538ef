import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { Editor } from '@tiptap/react';
import { MessageSquareText, X } from 'lucide-react';
import type { CannedInfo } from '../../../src/app/index.js';
import { Button } from '../../components/ui/button.js';
import { IconButton } from '../../components/ui/icon-button.js';
import { Skeleton } from '../../components/ui/skeleton.js';
import {
  announceTyping,
  cannedContext,
  closeComposer,
  draftBinding,
  loadCanned,
  openComposer,
  send,
  setRecipients,
} from '../../bridge/composer-bridge.js';
import { messageOf } from '../../bridge/link-events.js';
import { useComposerStore, writesSharedDraft } from '../../stores/composer-store.js';
import { usePresenceStore } from '../../stores/presence-store.js';
import { useWorkspaceStore } from '../../stores/workspace-store.js';
import { AddressFields } from './address-fields.js';
import { AttachButton, AttachmentList } from './attachments.js';
import { cannedValues, fillCanned, unfilledVariables } from './canned-fill.js';
import { CannedPicker } from './canned-picker.js';
import { CoWriters } from './co-writers.js';
import { plainTextOf, typeText } from './editor-kit.js';
import { ModeSwitch } from './mode-switch.js';
import { RecipientField } from './recipient-field.js';
import { ReplyEditor } from './reply-editor.js';
import { SendButton, SendHint } from './send-controls.js';
import { SubjectField } from './subject-field.js';
import { TextEditor } from './text-editor.js';
import { useNow } from './use-now.js';
import './composer.css';

/** How often the "is writing" line looks again whether a teammate's announcement lapsed. */
const PRESENCE_TICK_MS = 5000;

const PLACEHOLDERS = {
  reply: 'Write a reply…',
  'reply-all': 'Write a reply to everyone…',
  forward: 'Add a message (optional)…',
  note: 'Write an internal note; @name@example.com mentions a teammate…',
} as const;

/**
 * The composer of the conversation on screen: reply and reply-all on the team's shared draft
 * (co-written live), forward, or an internal note. Ctrl+Enter (⌘↵) sends, Esc closes (a reply's
 * draft stays for the team).
 */
export function Composer({ conversationId }: { conversationId: string }) {
  const target = useComposerStore((s) => s.target);
  const opening = useComposerStore((s) => s.opening);
  const load = useComposerStore((s) => s.load);
  const envelope = useComposerStore((s) => s.envelope);
  const forwardTo = useComposerStore((s) => s.forwardTo);
  const text = useComposerStore((s) => s.text);
  const attachments = useComposerStore((s) => s.attachments);
  const sending = useComposerStore((s) => s.sending);
  const error = useComposerStore((s) => s.error);
  const canned = useComposerStore((s) => s.canned);
  const setForwardTo = useComposerStore((s) => s.setForwardTo);
  const setText = useComposerStore((s) => s.setText);
  const addAttachments = useComposerStore((s) => s.addAttachments);
  const removeAttachment = useComposerStore((s) => s.removeAttachment);
  const setError = useComposerStore((s) => s.setError);
  const present = usePresenceStore((s) => s.teammates);
  const me = useWorkspaceStore((s) => s.me);
  const now = useNow(PRESENCE_TICK_MS);

  const [editor, setEditor] = useState<Editor | null>(null);
  const [picking, setPicking] = useState(false);
  const onReady = useCallback((made: Editor | null) => {
    setEditor(made);
    // The focus at once, not a tick later (Tiptap's autofocus): typing goes here from now on.
    if (made && !made.isDestroyed) made.commands.focus('end');
  }, []);
  // What was typed while the composer opened goes where the agent meant it to.
  const typedAhead = useComposerStore((s) => s.typedAhead);
  const setTypedAhead = useComposerStore((s) => s.setTypedAhead);
  useEffect(() => {
    if (!editor || editor.isDestroyed || !typedAhead) return;
    typeText(editor, typedAhead, 'end');
    setTypedAhead('');
  }, [editor, typedAhead, setTypedAhead]);
  const closePicker = useCallback(() => setPicking(false), []);

  if (!target || target.conversationId !== conversationId) return null;
  const { mode } = target;
  const shared = writesSharedDraft(mode);
  const binding = shared && load.status === 'ready' ? draftBinding() : null;

  const onSend = () => {
    const written = editor ? plainTextOf(editor) : text;
    // A note is the team's: its braces are nobody's variables.
    if (mode === 'note' || !written.includes('{{')) {
      void send();
      return;
    }
    // Variables typed or left by a canned response: a reply's are filled by the app as it
    // sends; one this page cannot fill is named here, before anything goes.
    cannedContext(conversationId).then(
      (context) => {
        const filled = fillCanned(written, cannedValues(context));
        const left = unfilledVariables(filled);
        if (left.length === 0) {
          // A forward's text is this page's own: it goes filled (the app fills a reply's).
          if (mode === 'forward') setText(filled);
          void send();
        } else
          setError(
            `Fill in ${left.map((name) => `{{${name}}}`).join(', ')} first: nothing here knows its value.`,
          );
      },
      (failure: unknown) => setError(messageOf(failure)),
    );
  };

  const insertCanned = (chosen: CannedInfo) => {
    setPicking(false);
    cannedContext(conversationId).then(
      (context) => {
        const filled = fillCanned(chosen.text, cannedValues(context));
        if (editor) typeText(editor, filled);
      },
      (failure: unknown) => setError(messageOf(failure)),
    );
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    void closeComposer();
  };
  // Before the editor's own keys (Mod+Enter is a line break there): from any field, it sends.
  const onKeyDownCapture = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.metaKey || event.ctrlKey)) return;
    event.preventDefault();
    onSend();
  };

  return (
    <section
      className="composer"
      data-mode={mode}
      aria-label="Composer"
      aria-busy={load.status === 'loading' || undefined}
      onKeyDown={onKeyDown}
      onKeyDownCapture={onKeyDownCapture}
    >
      <header className="composer__header">
        <ModeSwitch mode={mode} onChange={(next) => void openComposer(conversationId, next)} />
        <CoWriters
          conversationId={conversationId}
          present={present}
          editors={envelope?.editors ?? []}
          myEmail={me.email}
          kind={mode === 'note' ? 'note' : 'reply'}
          now={now}
        />
        <IconButton
          label="Close composer"
          shortcut="Esc"
          icon={<X />}
          size="sm"
          className="composer__close"
          onClick={() => void closeComposer()}
        />
      </header>

      {shared && envelope ? (
        <div className="composer__fields">
          <AddressFields
            to={envelope.to}
            cc={envelope.cc}
            bcc={envelope.bcc}
            onChange={(kind, list) => void setRecipients(kind, list)}
          />
          <SubjectField subject={envelope.subject} />
        </div>
      ) : null}
      {mode === 'forward' ? (
        <div className="composer__fields">
          <RecipientField label="To" recipients={forwardTo} onChange={setForwardTo} autoFocus />
        </div>
      ) : null}

      <div className="composer__body">
        {load.status === 'loading' ? (
          <div className="composer__loading" aria-label="Opening the draft">
            <Skeleton width="62%" />
            <Skeleton width="88%" />
            <Skeleton width="40%" />
          </div>
        ) : load.status === 'error' ? (
          <div className="composer__failed" role="alert">
            <p>The draft could not be opened: {load.message}</p>
            <Button size="sm" onClick={() => void reopen(conversationId, mode)}>
              Try again
            </Button>
          </div>
        ) : binding ? (
          <ReplyEditor
            key={opening}
            binding={binding}
            placeholder={PLACEHOLDERS[mode]}
            onTyped={() => announceTyping()}
            onReady={onReady}
          />
        ) : (
          <TextEditor
            key={`${opening}-${mode}`}
            label={mode === 'note' ? 'Note' : 'Message'}
            placeholder={PLACEHOLDERS[mode]}
            initialText={text}
            onChange={(changed) => {
              setText(changed);
              announceTyping();
            }}
            onReady={onReady}
          />
        )}
        <AttachmentList files={attachments} onRemove={removeAttachment} />
      </div>

      {error ? (
        <p className="composer__error" role="alert">
          {error}
        </p>
      ) : null}

      <footer className="composer__footer">
        {/* On the left, as in most mail: never under a toast in the window's corner. */}
        <SendButton busy={sending} disabled={load.status !== 'ready'} onClick={onSend} />
        <div className="composer__tools">
          {shared ? (
            <AttachButton current={attachments} onAdd={addAttachments} onProblem={setError} />
          ) : null}
          {mode !== 'note' ? (
            <IconButton
              label="Insert a canned response"
              icon={<MessageSquareText />}
              size="sm"
              aria-expanded={picking}
              onClick={() => {
                setPicking((open) => !open);
                void loadCanned();
              }}
            />
          ) : null}
          {picking ? (
            <CannedPicker canned={canned} onPick={insertCanned} onClose={closePicker} />
          ) : null}
        </div>
        <SendHint />
      </footer>
    </section>
  );
}

/** Opens the same composer again after the draft could not be opened. */
async function reopen(conversationId: string, mode: Parameters<typeof openComposer>[1]) {
  await closeComposer();
  await openComposer(conversationId, mode);
}
