import { Avatar } from '../../components/ui/avatar.js';
import { namesInWords, type TeammateHere } from './model/presence-here.js';

/**
 * Who else has this conversation open: their faces, and their names in words. The named group
 * ("Teammates here") holds the words only, so that its text is the names.
 */
export function TeammatesHere({ here }: { here: readonly TeammateHere[] }) {
  const names = here.map((teammate) => teammate.name);
  return (
    <div className="teammates-here">
      {here.length > 0 ? (
        <span className="teammates-here__faces" aria-hidden="true">
          {here.map((teammate) => (
            <Avatar
              key={teammate.id}
              name={teammate.name}
              email={teammate.email}
              size="sm"
              presence="online"
              decorative
            />
          ))}
        </span>
      ) : null}
      <div role="group" aria-label="Teammates here" className="teammates-here__names">
        {here.length > 0 ? (
          <>
            {namesInWords(names)}
            <span className="teammates-here__verb">
              {names.length === 1 ? ' is here' : ' are here'}
            </span>
          </>
        ) : null}
      </div>
    </div>
  );
}

/**
 * "Bo Chen is replying": said while a teammate writes a reply here (a second reply would collide
 * with theirs), or a note. Polite: a screen reader tells it without interrupting.
 */
export function WritingBanner({ here }: { here: readonly TeammateHere[] }) {
  const replying = here.filter((teammate) => teammate.writing === 'reply').map((t) => t.name);
  const noting = here.filter((teammate) => teammate.writing === 'note').map((t) => t.name);
  const lines = [
    replying.length > 0
      ? `${namesInWords(replying)} ${replying.length === 1 ? 'is' : 'are'} replying`
      : '',
    noting.length > 0
      ? `${namesInWords(noting)} ${noting.length === 1 ? 'is' : 'are'} writing a note`
      : '',
  ].filter(Boolean);
  return (
    <div className="writing-banner" aria-live="polite">
      {lines.map((line) => (
        <p
          key={line}
          className="writing-banner__line"
          data-kind={line.endsWith('replying') ? 'reply' : 'note'}
        >
          <span className="writing-banner__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {line}
        </p>
      ))}
    </div>
  );
}
