import { isMac } from '../../actions/keys.js';
import { Kbd } from '../../components/ui/kbd.js';

/** "⌘↵ to send" (Ctrl elsewhere), at a composer's footer end: what the Send button's key is. */
export function SendHint() {
  return (
    <span className="composer__hint" aria-hidden="true">
      <Kbd keys={[isMac() ? '⌘' : 'Ctrl', '↵']} /> to send
    </span>
  );
}
