import { FormField } from './form-field.js';
import { VARIABLES_HINT } from './variables-hint.js';

type Bind = (field: 'name' | 'text') => {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
};

/** A saved text's fields (a canned response, a signature): its name, and its text with variables. */
export function NameAndTextFields({ bind }: { bind: Bind }) {
  return (
    <>
      <FormField label="Name" {...bind('name')} autoFocus />
      <FormField label="Text" {...bind('text')} multiline hint={VARIABLES_HINT} />
    </>
  );
}
