import { useState } from 'react';
import { messageOf } from '../../bridge/link-events.js';

/** A form's call to the app: whether it runs, and the app's refusal as one line. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  /** Runs the call; true when it succeeded. */
  const submit = async (call: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setCode(null);
    try {
      await call();
      return true;
    } catch (failure) {
      setError(messageOf(failure));
      setCode((failure as { code?: string } | null)?.code ?? null);
      return false;
    } finally {
      setBusy(false);
    }
  };
  /** `error`: the app's message; `code`: its code (the contract's, `unreachable`…). */
  return { busy, error, code, submit };
}
