import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { useEditor, type Editor } from '@tiptap/react';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { DraftBinding } from '../../bridge/draft-binding.js';
import { caretElement, caretSelection, type CaretUser } from './caret-marks.js';
import { editorProps, plainTextKit } from './editor-kit.js';
import { EditorFrame } from './editor-frame.js';

export interface ReplyEditorProps {
  binding: DraftBinding;
  placeholder: string;
  /** Each change typed here (not a teammate's): renews "is replying". */
  onTyped: () => void;
  /** The editor, once made (the canned picker inserts into it). */
  onReady: (editor: Editor | null) => void;
}

/**
 * The reply's text: Tiptap bound to the shared draft's document (Collaboration, y-tiptap), so
 * what a teammate types shows here as it is typed, and the other way round; teammates' carets
 * show where they are, with their names.
 */
export function ReplyEditor({ binding, placeholder, onTyped, onReady }: ReplyEditorProps) {
  const typed = useRef(onTyped);
  useEffect(() => {
    typed.current = onTyped;
  });
  // Emptied by the app (a teammate sent it): a fresh editor, which writes nothing back.
  const emptied = useSyncExternalStore(
    useCallback((listener: () => void) => binding.onEmptied(listener), [binding]),
    () => binding.emptiedTimes,
  );
  const editor = useEditor(
    {
      // Tiptap's own stylesheet is a <style> element, which the host's CSP refuses: ours is in
      // composer.css.
      injectCSS: false,
      autofocus: 'end',
      extensions: [
        plainTextKit(false),
        Collaboration.configure({ fragment: binding.fragment }),
        // Teammates' carets and selections, with their names (the app relays them).
        CollaborationCaret.configure({
          provider: { awareness: binding.carets.awareness },
          render: (user) => caretElement(user as CaretUser),
          selectionRender: (user) => caretSelection(user as CaretUser),
        }),
      ],
      editorProps: editorProps('Reply'),
      onUpdate: ({ transaction }) => {
        // A change from the shared document (a teammate's) is not this agent typing.
        if (isChangeOrigin(transaction)) return;
        typed.current();
      },
    },
    [binding, emptied],
  );
  return <EditorFrame editor={editor} placeholder={placeholder} onReady={onReady} />;
}
