import { useEditor, type Editor } from '@tiptap/react';
import { useEffect, useRef, useState } from 'react';
import { editorProps, paragraphsOf, plainTextKit, plainTextOf } from './editor-kit.js';
import { EditorFrame } from './editor-frame.js';

export interface TextEditorProps {
  /** Its accessible name: "Note" for a note (issue 11's contract), "Message" for a forward. */
  label: string;
  placeholder: string;
  /** What it starts with (a send undone comes back with its text). */
  initialText: string;
  onChange: (text: string) => void;
  onReady: (editor: Editor | null) => void;
  /** Whether it takes the focus when made (New message keeps it in an empty To field). */
  autofocus?: boolean;
}

/** A text of this composer's own (a note, a forward's message): no shared draft behind it. */
export function TextEditor({
  label,
  placeholder,
  initialText,
  onChange,
  onReady,
  autofocus = true,
}: TextEditorProps) {
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  });
  const [initial] = useState(() =>
    initialText ? { type: 'doc', content: paragraphsOf(initialText) } : undefined,
  );
  const editor = useEditor({
    injectCSS: false,
    autofocus: autofocus ? 'end' : false,
    extensions: [plainTextKit(true)],
    ...(initial ? { content: initial } : {}),
    editorProps: editorProps(label),
    onUpdate: ({ editor: updated }) => changed.current(plainTextOf(updated)),
  });
  return <EditorFrame editor={editor} placeholder={placeholder} onReady={onReady} />;
}
