import { useId, type ReactNode } from 'react';

/** A composer's labelled row (Subject, From): the label, and the control `children` makes for its id. */
export function ComposerField({
  label,
  children,
}: {
  label: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="composer-field">
      <label className="composer-field__label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
