import type { AnyExtension, Editor, JSONContent } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { EditorProps } from '@tiptap/pm/view';

/*
 * What the composer's editors are made of. The app sends a draft as plain text (a line per
 * paragraph: src/team/workspace/plain-text.ts), so the editors offer paragraphs and line breaks
 * only: no bold or lists that would be dropped on the way out. What you see is what goes.
 */

/** Paragraphs and line breaks; `history`: undo of its own (a shared draft's is Yjs's). */
export function plainTextKit(history: boolean): AnyExtension {
  return StarterKit.configure({
    blockquote: false,
    bold: false,
    bulletList: false,
    code: false,
    codeBlock: false,
    heading: false,
    horizontalRule: false,
    italic: false,
    link: false,
    listItem: false,
    listKeymap: false,
    orderedList: false,
    strike: false,
    underline: false,
    trailingNode: false,
    ...(history ? {} : { undoRedo: false }),
  });
}

/**
 * The editable element's props: a multi-line text box named `label` (issue 11's accessibility
 * contract: "Reply", "Note"). Mod+Enter, which sends, is the composer's (ProseMirror leaves
 * alone a key event already handled).
 */
export function editorProps(label: string): EditorProps {
  return {
    attributes: {
      role: 'textbox',
      'aria-label': label,
      'aria-multiline': 'true',
      class: 'composer-editor__content',
    },
  };
}

/** Text as the editor's paragraphs, one per line (a blank line an empty paragraph). */
export function paragraphsOf(text: string): JSONContent[] {
  return text.split(/\r?\n/u).map((line) => ({
    type: 'paragraph',
    ...(line ? { content: [{ type: 'text', text: line }] } : {}),
  }));
}

/**
 * Types plain text where the caret is (`at: 'end'`: at the end), as typing it would: the first
 * line goes on in the current paragraph, each further one starts a paragraph of its own.
 */
export function typeText(editor: Editor, text: string, at?: 'end'): void {
  const chain = editor.chain().focus(at);
  text.split(/\r?\n/u).forEach((line, index) => {
    if (index > 0) chain.splitBlock();
    if (line) chain.insertContent({ type: 'text', text: line });
  });
  chain.run();
}

/** The editor's text, a line per paragraph, as the app reads a draft. */
export function plainTextOf(editor: Editor): string {
  return editor.getText({ blockSeparator: '\n' });
}
