/**
 * Subjects of replies and forwards: one `Re: ` or `Fwd: ` in front, whatever prefixes the
 * conversation gathered, so a long conversation never reads `Re: Re: AW: Re:`.
 *
 * The prefixes are the ones clients write in their users' language (Outlook localizes them:
 * German `AW:` / `WG:`, Scandinavian `SV:`, Finnish `VS:` / `VL:`, Dutch `Antw:` / `Doorst:`,
 * French `RE :` / `TR :`, Spanish `RV:`, Portuguese `RES:` / `ENC:`, Italian `RIF:`, Polish
 * `Odp:`, Turkish `YNT:`, Latvian `Atb:`, Chinese `回复：` / `转发：`), optionally counted
 * (`Re[2]:`, `Re(3):`) and in any case. src/threading/subject.ts knows the same words to group
 * mail; here reply and forward prefixes are told apart, because a reply to `Fwd: Offer` is
 * `Re: Fwd: Offer` (the forward is part of what is replied to), as every client writes it.
 */

const REPLY_WORDS = 're|aw|sv|vs|antw|r[ée]f|rif|odp|ynt|atb|res|回复|答复|回覆';
const FORWARD_WORDS = 'fwd?|wg|vl|doorst|tr|rv|enc|转发|轉寄';

const leading = (words: string): RegExp =>
  new RegExp(`^\\s*(?:${words})\\s*(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[:：]\\s*`, 'iu');

const REPLY_PREFIX = leading(REPLY_WORDS);
const FORWARD_PREFIX = leading(FORWARD_WORDS);

/** `Re: ` and the subject without its leading reply prefixes; an empty subject gives `Re:`. */
export function replySubject(subject: string): string {
  return prefixed('Re:', subject, REPLY_PREFIX);
}

/** `Fwd: ` and the subject without its leading forward prefixes; an empty one gives `Fwd:`. */
export function forwardSubject(subject: string): string {
  return prefixed('Fwd:', subject, FORWARD_PREFIX);
}

/** A subject on one line: a line break would end the header early. */
export function oneLineSubject(subject: string): string {
  return subject.replace(/\s*[\r\n]+\s*/gu, ' ').trim();
}

// No blank after a prefix with nothing behind it: header values lose trailing blanks in transit,
// and the subject reported must be the one the recipient reads.
function prefixed(prefix: string, subject: string, strip: RegExp): string {
  let base = oneLineSubject(subject);
  for (let next = base.replace(strip, ''); next !== base; next = base.replace(strip, ''))
    base = next;
  return base === '' ? prefix : `${prefix} ${base}`;
}
