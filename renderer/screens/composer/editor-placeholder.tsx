import { useEditorState, type Editor } from '@tiptap/react';

/** The empty editor's hint, over its first line (hidden from screen readers: the label names it). */
export function EditorPlaceholder({ editor, text }: { editor: Editor | null; text: string }) {
  const empty = useEditorState({
    editor,
    selector: ({ editor: current }) => current?.isEmpty ?? true,
  });
  if (!empty) return null;
  return (
    <p className="composer-editor__placeholder" aria-hidden="true">
      {text}
    </p>
  );
}
