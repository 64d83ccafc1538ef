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
 * A text's paragraphs, split at its blank lines: each is a block of its own, so that a long
 * mail's text far below can be left out of the frame that opens it.
 */
function paragraphsOf(text: string): string[] {
  return text.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== '');
}

/**
 * Characters of a text laid out in the frame that opens it: more than a reading pane shows
 * (some 30 lines of 90). The paragraphs after them are laid out only as they near the view
 * (content-visibility: auto, conversation.css): a mail of some 200 lines in two scripts took
 * 17-26 ms of its open's layout to shape all of them. Not every paragraph: the page then lays a
 * mail out twice, once with them all skipped and again with those in view, which cost the
 * opening of every plain-text mail some milliseconds.
 */
const LAID_OUT_AT_ONCE = 4000;

/** The text's own words as paragraphs (each saying whether it comes later), and its quotes. */
function blocksOf(text: string) {
  let before = 0;
  return foldQuotes(text).map((block) => {
    if (block.kind !== 'text') return block;
    const paragraphs = paragraphsOf(block.text).map((paragraph) => {
      const later = before > LAID_OUT_AT_ONCE;
      before += paragraph.length;
      return { text: paragraph, later };
    });
    return { ...block, paragraphs };
  });
}

/** A plain-text message: its words as written, the quoted history folded away. */
export function PlainTextBody({ text }: { text: string }) {
  const blocks = useMemo(() => blocksOf(text), [text]);
  return (
    <div className="message-text">
      {blocks.map((block, i) =>
        block.kind === 'text' ? (
          block.paragraphs.map((paragraph, j) => (
            <p
              key={`${i}.${j}`}
              className={`message-text__para${paragraph.later ? ' message-text__para--later' : ''}`}
            >
              <LinkedText text={paragraph.text} />
            </p>
          ))
        ) : (
          <QuoteBlock key={i} text={block.text} folded={block.folded} />
        ),
      )}
    </div>
  );
}
