import { useEffect, useState } from 'react';

/**
 * Whether `on` has lasted `ms`: a spinner for a wait the eye notices, not one that flashes at
 * every keystroke (and redraws the page twice each time) while answers take a few ms.
 */
export function useLasting(on: boolean, ms: number): boolean {
  const [lasted, setLasted] = useState(false);
  useEffect(() => {
    if (!on) return;
    const timer = setTimeout(() => setLasted(true), ms);
    return () => {
      clearTimeout(timer);
      setLasted(false);
    };
  }, [on, ms]);
  return on && lasted;
}
