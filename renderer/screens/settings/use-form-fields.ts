import { useState } from 'react';
import { hasErrors, type Errors } from './validate.js';

/**
 * A form's text fields and what is wrong with them: a field's error goes when it is edited,
 * and `valid` shows a check's errors, answering whether there are none.
 */
export function useFormFields<K extends string>(initial: Record<K, string>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Errors<K>>({});
  const set = (field: K) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const valid = (check: Errors<K>): boolean => {
    setErrors(check);
    return !hasErrors(check);
  };
  /** What a FormField of `field` takes: its value, its change, its error. */
  const bind = (field: K) => ({ value: values[field], onChange: set(field), error: errors[field] });
  return { values, errors, set, valid, bind };
}
