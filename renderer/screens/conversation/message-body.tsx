import { useCallback, useMemo, useState } from 'react';
import type { MessageContentLoad } from '../../stores/message-content-store.js';
import { MailFrame } from './mail-html/mail-frame.js';
import { sanitizeMail } from './mail-html/sanitize-mail.js';
import { PlainTextBody } from './plain-text-body.js';
import { RemoteImagesBar } from './remote-images-bar.js';

export interface MessageBodyProps {
  /** The text the cache keeps (an HTML-only mail's HTML as text), shown at once. */
  text: string | null;
  /**
   * The text was left out of the view (a long thread's folded message): its start, shown while
   * the message is read in full (`content`), or if it cannot be.
   */
  leftOut?: string | undefined;
  /** The message read in full (mail.message), when it was asked: its HTML. */
  content?: MessageContentLoad | undefined;
  /** The sender's address: whose remote images may be allowed. */
  sender: string;
  /** Their remote images are always allowed (the reader said so). */
  senderAllowed: boolean;
  onAllowSender: () => void;
  /** The frame's name, for a screen reader ("Message from Ana Lima"). */
  title: string;
  theme: string;
}

/** Colours of its own, set anywhere in the mail: it is shown on paper, as designed. */
const OWN_COLOURS = /(?:^|[\s;"{])(?:color|background(?:-color)?|bgcolor)\s*[:=]/i;

/** Said in the card when the app could not read the message's HTML (its server unreachable). */
export const FORMATTING_FAILED = 'Couldn’t load this message’s formatting — showing text';

/** Said when a folded message's text could not be read: its start is all there is to show. */
export const TEXT_FAILED = 'Couldn’t load this message — showing its start';

/**
 * A message's body: its text at once, then its HTML (sanitized, in the sandboxed frame, remote
 * images once allowed) in its place when the app has read it; if it could not, the text stays
 * and the card says why. A message whose text has not been downloaded yet says so.
 */
export function MessageBody(props: MessageBodyProps) {
  const { content } = props;
  const ready = content?.status === 'ready' ? content.content : null;
  const text = props.text ?? ready?.text ?? null;
  if (ready?.html != null) return <HtmlBody {...props} html={ready.html} text={text} />;
  return (
    <>
      {content?.status === 'failed' ? (
        <p className="message-body__notice" role="note" title={content.message}>
          {text === null && props.leftOut !== undefined ? TEXT_FAILED : FORMATTING_FAILED}
        </p>
      ) : null}
      <TextBody text={text} leftOut={props.leftOut} loading={content?.status !== 'failed'} />
    </>
  );
}

function TextBody({
  text,
  leftOut,
  loading = true,
}: {
  text: string | null;
  leftOut?: string | undefined;
  loading?: boolean;
}) {
  if (text !== null && text.trim() !== '') return <PlainTextBody text={text} />;
  if (text === null && leftOut)
    return (
      <p className="message-body__start" aria-busy={loading || undefined}>
        {leftOut}
      </p>
    );
  return (
    <p className="message-body__missing">
      {text === null ? 'This message’s text is not downloaded yet.' : 'No text.'}
    </p>
  );
}

/**
 * The HTML in its frame. Until the frame has its content's height, the text stays where it was
 * and the frame waits out of the flow, as wide as it will be: then one swaps for the other, and
 * nothing below moves twice.
 */
function HtmlBody({
  html,
  text,
  leftOut,
  sender,
  senderAllowed,
  onAllowSender,
  title,
  theme,
}: MessageBodyProps & { html: string }) {
  const [shown, setShown] = useState(false);
  const [fitted, setFitted] = useState(false);
  const onFitted = useCallback(() => setFitted(true), []);
  const allowRemote = senderAllowed || shown;
  const mail = useMemo(() => sanitizeMail(html, { allowRemote }), [html, allowRemote]);
  const paper = useMemo(
    () => OWN_COLOURS.test(mail.html) || mail.styles.some((sheet) => OWN_COLOURS.test(sheet)),
    [mail],
  );
  return (
    <div className="message-body" data-pending={fitted ? undefined : true}>
      {mail.blockedRemote > 0 ? (
        <RemoteImagesBar sender={sender} onShow={() => setShown(true)} onAlways={onAllowSender} />
      ) : null}
      {fitted ? null : <TextBody text={text} leftOut={leftOut} />}
      <div className="message-body__html" aria-hidden={fitted ? undefined : true}>
        <MailFrame
          mail={mail}
          allowRemote={allowRemote}
          title={title}
          paper={paper}
          theme={theme}
          onFitted={onFitted}
        />
      </div>
    </div>
  );
}
