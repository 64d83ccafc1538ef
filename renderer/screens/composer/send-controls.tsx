import { Send as SendIcon } from 'lucide-react';
import { isMac } from '../../actions/keys.js';
import { Button } from '../../components/ui/button.js';
import { Kbd } from '../../components/ui/kbd.js';

/** A composer's Send button (a reply's, New message's), with its key for assistive technology. */
export function SendButton(props: { busy: boolean; disabled?: boolean; onClick: () => void }) {
  return (
    <Button
      variant="primary"
      size="sm"
      icon={<SendIcon />}
      busy={props.busy}
      disabled={props.disabled}
      aria-keyshortcuts={isMac() ? 'Meta+Enter' : 'Control+Enter'}
      onClick={props.onClick}
    >
      Send
    </Button>
  );
}

/** "⌘↵ to send" (Ctrl elsewhere), at a composer's footer end: what the Send button's key is. */
export function SendHint() {
  return (
    <span className="composer__hint" aria-hidden="true">
      <Kbd keys={[isMac() ? '⌘' : 'Ctrl', '↵']} /> to send
    </span>
  );
}
