import { EditorContent, type Editor } from '@tiptap/react';
import { useEffect } from 'react';
import { EditorPlaceholder } from './editor-placeholder.js';

export interface EditorFrameProps {
  editor: Editor | null;
  placeholder: string;
  /** The editor, once made, and null when it goes (the composer types and inserts into it). */
  onReady: (editor: Editor | null) => void;
}

/** An editor of the composer on screen: its text, the empty one's hint, and who holds it. */
export function EditorFrame({ editor, placeholder, onReady }: EditorFrameProps) {
  useEffect(() => {
    // Tiptap's useEditor destroys the editor it made while rendering when mounting took longer
    // than a millisecond (a busy machine), and makes another: only a live one is handed on.
    onReady(editor && !editor.isDestroyed ? editor : null);
    return () => onReady(null);
  }, [editor, onReady]);
  return (
    <div className="composer-editor">
      <EditorContent editor={editor} />
      <EditorPlaceholder editor={editor} text={placeholder} />
    </div>
  );
}
