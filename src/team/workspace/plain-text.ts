import * as Y from 'yjs';

/*
 * Plain text to and from a draft's Y.XmlFragment, the structure y-prosemirror (and TipTap's
 * Collaboration extension) binds an editor to: block nodes (`paragraph`, `heading`, lists…) as
 * Y.XmlElements, their text as Y.XmlText. For the CLI and for sending: one line per paragraph.
 */

/** Node names of hard line breaks: ProseMirror's basic schema and TipTap's. */
const HARD_BREAKS = new Set(['hard_break', 'hardBreak']);

function inlineText(node: Y.XmlText): string {
  let text = '';
  for (const op of node.toDelta() as Array<{ insert?: unknown }>) {
    if (typeof op.insert === 'string') text += op.insert;
  }
  return text;
}

function nodeText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) return inlineText(node);
  if (!(node instanceof Y.XmlElement)) return '';
  if (HARD_BREAKS.has(node.nodeName)) return '\n';
  const children = node.toArray();
  const inline = children.every(
    (child) =>
      child instanceof Y.XmlText ||
      (child instanceof Y.XmlElement && HARD_BREAKS.has(child.nodeName)),
  );
  return children.map(nodeText).join(inline ? '' : '\n');
}

/** The draft as text: blocks on their own lines, formatting dropped. */
export function fragmentToText(fragment: Y.XmlFragment): string {
  return fragment.toArray().map(nodeText).join('\n');
}

/** Replaces the draft with the text, one paragraph per line (in one transaction). */
export function writeTextToFragment(fragment: Y.XmlFragment, text: string): void {
  const paragraphs = text.split(/\r?\n/).map((line) => {
    const paragraph = new Y.XmlElement('paragraph');
    if (line) paragraph.insert(0, [new Y.XmlText(line)]);
    return paragraph;
  });
  const apply = () => {
    if (fragment.length > 0) fragment.delete(0, fragment.length);
    if (text) fragment.insert(0, paragraphs);
  };
  if (fragment.doc) fragment.doc.transact(apply);
  else apply();
}
