import { useId, useState, type ClipboardEvent, type KeyboardEvent, type ReactNode } from 'react';
import { X } from 'lucide-react';
import type { DraftRecipient } from '../../../src/app/index.js';
import { parseRecipients, recipientLabel, withRecipients } from './recipients.js';

export interface RecipientFieldProps {
  /** "To", "Cc", "Bcc": the field's label and its input's name. */
  label: string;
  recipients: readonly DraftRecipient[];
  onChange: (recipients: DraftRecipient[]) => void;
  /** Something at the row's end (the Cc and Bcc toggles). */
  trailing?: ReactNode;
  autoFocus?: boolean;
}

/**
 * A row of recipients as chips, and a field to add more: Enter, a comma or leaving the field
 * adds what was typed; Backspace in the empty field takes the last one back to edit.
 */
export function RecipientField({
  label,
  recipients,
  onChange,
  trailing,
  autoFocus,
}: RecipientFieldProps) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const problemId = useId();

  const commit = (typed: string): boolean => {
    const { recipients: added, invalid } = parseRecipients(typed);
    if (added.length > 0) onChange(withRecipients(recipients, added));
    setText(invalid.join(', '));
    setProblem(invalid.length > 0 ? `Not an address: ${invalid.join(', ')}` : null);
    return invalid.length === 0;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if ((event.key === 'Enter' || event.key === ',' || event.key === ';') && text.trim()) {
      event.preventDefault();
      commit(text);
    } else if (event.key === 'Backspace' && text === '' && recipients.length > 0) {
      event.preventDefault();
      const last = recipients[recipients.length - 1]!;
      onChange(recipients.slice(0, -1));
      setText(last.name ? `${last.name} <${last.address}>` : last.address);
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = event.clipboardData.getData('text');
    if (!/[,;\n]/u.test(pasted)) return;
    event.preventDefault();
    commit(`${text}${pasted}`);
  };

  return (
    <div className="composer-field" data-invalid={problem ? true : undefined}>
      <label className="composer-field__label" htmlFor={inputId}>
        {label}
      </label>
      <ul className="composer-chips" aria-label={`${label} recipients`}>
        {recipients.map((recipient) => (
          <li
            key={recipient.address.toLowerCase()}
            className="composer-chip"
            title={recipient.address}
          >
            <span className="composer-chip__text">{recipientLabel(recipient)}</span>
            <button
              type="button"
              className="composer-chip__remove"
              aria-label={`Remove ${recipient.address}`}
              onClick={() =>
                onChange(
                  recipients.filter(
                    (r) => r.address.toLowerCase() !== recipient.address.toLowerCase(),
                  ),
                )
              }
            >
              <X aria-hidden="true" />
            </button>
          </li>
        ))}
        <li className="composer-chips__input">
          <input
            id={inputId}
            type="text"
            value={text}
            autoComplete="off"
            spellCheck={false}
            autoFocus={autoFocus}
            // In a dialog (New message), the frame gives the focus to this field, not its first button.
            data-autofocus={autoFocus || undefined}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            placeholder={recipients.length === 0 ? 'Add an address' : ''}
            onChange={(event) => {
              setText(event.target.value);
              if (problem) setProblem(null);
            }}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onBlur={() => {
              if (text.trim()) commit(text);
            }}
          />
        </li>
      </ul>
      {trailing ? <div className="composer-field__trailing">{trailing}</div> : null}
      {problem ? (
        <p id={problemId} className="composer-field__problem">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
