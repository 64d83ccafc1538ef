import { useState } from 'react';
import { setSubject } from '../../bridge/composer-bridge.js';
import { ComposerField } from './composer-field.js';

/**
 * The reply's subject, the draft's: written when the field is left or Enter is pressed, so a
 * teammate's change shows here unless this one is being typed.
 */
export function SubjectField({ subject }: { subject: string }) {
  const [typed, setTyped] = useState<string | null>(null);
  const commit = () => {
    if (typed !== null && typed !== subject) void setSubject(typed);
    setTyped(null);
  };
  return (
    <ComposerField label="Subject">
      {(id) => (
        <input
          id={id}
          className="composer-field__input"
          type="text"
          value={typed ?? subject}
          spellCheck
          onChange={(event) => setTyped(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            commit();
          }}
        />
      )}
    </ComposerField>
  );
}
