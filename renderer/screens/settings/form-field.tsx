import { useId } from 'react';
import type { ReactNode } from 'react';
import { Button } from '../../components/ui/button.js';
import './settings.css';

export interface FormFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** What is wrong with the value, one line (shown once the form was submitted). */
  error?: string | null;
  /** A line under the field saying what goes in it. */
  hint?: ReactNode;
  type?: 'text' | 'email' | 'password' | 'url';
  placeholder?: string;
  multiline?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  autoComplete?: string;
}

/** A labelled field with its hint and its error, wired for screen readers. */
export function FormField({
  label,
  value,
  onChange,
  error,
  hint,
  type = 'text',
  placeholder,
  multiline = false,
  disabled,
  autoFocus,
  autoComplete = 'off',
}: FormFieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    value,
    placeholder,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described || undefined,
    className: 'form-field__control',
    'data-autofocus': autoFocus || undefined,
  };
  return (
    <div className="form-field">
      <label htmlFor={id} className="form-field__label">
        {label}
      </label>
      {multiline ? (
        <textarea {...common} rows={5} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type={type}
          autoComplete={autoComplete}
          spellCheck={false}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {error ? (
        <p id={`${id}-error`} className="form-field__error">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="form-field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The app's refusal of a form, in its own words: one line, read out when it appears. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

/** A form's buttons: Cancel (when it can be), and the submit button, busy while the app works. */
export function FormActions({
  busy,
  submitLabel,
  onCancel,
}: {
  busy: boolean;
  submitLabel: string;
  onCancel?: () => void;
}) {
  return (
    <div className="settings-form__actions">
      {onCancel ? (
        <Button variant="ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      ) : null}
      <Button type="submit" variant="primary" busy={busy}>
        {submitLabel}
      </Button>
    </div>
  );
}
