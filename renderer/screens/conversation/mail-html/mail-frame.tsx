import { useCallback, useEffect, useMemo, useRef } from 'react';
import { dressFrame, frameDocument, type FrameLook } from './mail-frame-document.js';
import type { SanitizedMail } from './sanitize-mail.js';
import './mail-frame.css';

/**
 * The sandbox of a mail's frame: no scripts (no `allow-scripts`: no script, handler or
 * `javascript:` URL of the mail ever runs), the page's origin so that the page can style and
 * measure it from outside (safe without scripts inside), and links that open a window of their
 * own, outside the sandbox (https://html.spec.whatwg.org/multipage/iframe-embed-object.html#attr-iframe-sandbox).
 */
export const MAIL_SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

export interface MailFrameProps {
  mail: SanitizedMail;
  allowRemote: boolean;
  /** The frame's accessible name ("Message from Ana Lima"). */
  title: string;
  /** Light paper under a mail that sets its own colours; the app's colours otherwise. */
  paper: boolean;
  /** The page's theme as chosen (the frame follows it: its colours are read again). */
  theme: string;
  /** Once it has its content's height: what shows it in place of the text shown meanwhile. */
  onFitted?: () => void;
}

/** The page's colours where the frame is, resolved (light-dark() read as the page shows it). */
function lookOf(host: HTMLElement, paper: boolean): FrameLook {
  const style = getComputedStyle(host);
  const dark = !paper && style.getPropertyValue('--sb-scheme').trim() === 'dark';
  return {
    scheme: paper ? 'light' : dark ? 'dark' : 'light',
    // mail-frame.css puts the tokens on properties that resolve to plain colours.
    text: style.color,
    muted: style.outlineColor,
    link: style.caretColor,
    font: style.fontFamily,
  };
}

/**
 * A mail's HTML in a sandboxed frame (srcdoc, with its own Content Security Policy), as tall as
 * its content: measured from the page, since nothing runs inside it.
 */
export function MailFrame({ mail, allowRemote, title, paper, theme, onFitted }: MailFrameProps) {
  const frameRef = useRef<HTMLIFrameElement>(null);
  const observerRef = useRef<ResizeObserver | null>(null);
  const srcDoc = useMemo(() => frameDocument(mail, allowRemote), [mail, allowRemote]);

  const dress = useCallback(() => {
    const frame = frameRef.current;
    const doc = frame?.contentDocument;
    if (!frame || !doc?.body || !frame.parentElement) return;
    dressFrame(doc, mail, lookOf(frame.parentElement, paper));
    const fit = () => {
      const view = doc.defaultView;
      // The body's height, and a horizontal scroll bar's if a wide mail has one.
      const bar = view ? view.innerHeight - doc.documentElement.clientHeight : 0;
      frame.style.height = `${Math.ceil(doc.body.scrollHeight + Math.max(0, bar))}px`;
    };
    fit();
    onFitted?.();
    observerRef.current?.disconnect();
    observerRef.current = new ResizeObserver(fit);
    observerRef.current.observe(doc.body);
  }, [mail, paper, onFitted]);

  // A theme chosen while the mail is open: its colours again (the frame keeps its content).
  useEffect(() => {
    if (frameRef.current?.contentDocument?.readyState === 'complete') dress();
  }, [theme, dress]);

  useEffect(() => () => observerRef.current?.disconnect(), []);

  return (
    <div className="mail-frame" data-paper={paper || undefined}>
      <iframe
        ref={frameRef}
        className="mail-frame__frame"
        title={title}
        sandbox={MAIL_SANDBOX}
        referrerPolicy="no-referrer"
        srcDoc={srcDoc}
        onLoad={dress}
      />
    </div>
  );
}
