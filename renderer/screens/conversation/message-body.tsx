import { useMemo, useState } from 'react';
import { MailFrame } from './mail-html/mail-frame.js';
import { sanitizeMail } from './mail-html/sanitize-mail.js';
import { PlainTextBody } from './plain-text-body.js';
import { RemoteImagesBar } from './remote-images-bar.js';

export interface MessageBodyProps {
  html: string | null;
  text: string | null;
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

/**
 * A message's body: its HTML, sanitized, in the sandboxed frame (remote images once allowed), or
 * its plain text; a message whose body has not been downloaded yet says so.
 */
export function MessageBody(props: MessageBodyProps) {
  if (props.html !== null) return <HtmlBody {...props} html={props.html} />;
  if (props.text !== null && props.text.trim() !== '') return <PlainTextBody text={props.text} />;
  return (
    <p className="message-body__missing">
      {props.text === null ? 'This message’s text is not downloaded yet.' : 'No text.'}
    </p>
  );
}

function HtmlBody({
  html,
  sender,
  senderAllowed,
  onAllowSender,
  title,
  theme,
}: MessageBodyProps & { html: string }) {
  const [shown, setShown] = useState(false);
  const allowRemote = senderAllowed || shown;
  const mail = useMemo(() => sanitizeMail(html, { allowRemote }), [html, allowRemote]);
  const paper = useMemo(
    () => OWN_COLOURS.test(mail.html) || mail.styles.some((sheet) => OWN_COLOURS.test(sheet)),
    [mail],
  );
  return (
    <>
      {mail.blockedRemote > 0 ? (
        <RemoteImagesBar sender={sender} onShow={() => setShown(true)} onAlways={onAllowSender} />
      ) : null}
      <MailFrame mail={mail} allowRemote={allowRemote} title={title} paper={paper} theme={theme} />
    </>
  );
}
