import { useMemo, useState } from 'react';
import { Ellipsis } from 'lucide-react';
import { linkify } from './model/links.js';
import { foldQuotes } from './model/quoted-text.js';

/** Text with its web addresses as links that open a window of their own. */
function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.href}
          </a>
        ),
      )}
    </>
  );
}

function QuoteBlock({ text, folded }: { text: string; folded: boolean }) {
  const [open, setOpen] = useState(!folded);
  return (
    <div className="message-text__quote-block">
      {folded ? (
        <button
          type="button"
          className="message-text__fold"
          aria-expanded={open}
          aria-label={open ? 'Hide quoted text' : 'Show quoted text'}
          title={open ? 'Hide quoted text' : 'Show quoted text'}
          onClick={() => setOpen(!open)}
        >
          <Ellipsis aria-hidden="true" />
        </button>
      ) : null}
      {open ? (
        <blockquote className="message-text__quote">
          <LinkedText text={text} />
        </blockquote>
      ) : null}
    </div>
  );
}

/**
 * A text's paragraphs, split at its blank lines: each is a block of its own, which the page lays
 * out only as it nears the view (conversation.css), so that a long mail's text far below is not
 * shaped in the frame that opens it.
 */
function paragraphsOf(text: string): string[] {
  return text.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== '');
}

/** A plain-text message: its words as written, the quoted history folded away. */
export function PlainTextBody({ text }: { text: string }) {
  const blocks = useMemo(
    () =>
      foldQuotes(text).map((block) =>
        block.kind === 'text' ? { ...block, paragraphs: paragraphsOf(block.text) } : block,
      ),
    [text],
  );
  return (
    <div className="message-text">
      {blocks.map((block, i) =>
        block.kind === 'text' ? (
          block.paragraphs.map((paragraph, j) => (
            <p key={`${i}.${j}`} className="message-text__para">
              <LinkedText text={paragraph} />
            </p>
          ))
        ) : (
          <QuoteBlock key={i} text={block.text} folded={block.folded} />
        ),
      )}
    </div>
  );
}
