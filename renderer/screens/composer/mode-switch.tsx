import { Forward, Reply, ReplyAll, StickyNote } from 'lucide-react';
import { COMPOSER_MODES, type ComposerMode } from '../../stores/composer-store.js';

const MODES: Record<ComposerMode, { label: string; key: string; Icon: typeof Reply }> = {
  reply: { label: 'Reply', key: 'r', Icon: Reply },
  'reply-all': { label: 'Reply all', key: 'R', Icon: ReplyAll },
  forward: { label: 'Forward', key: 'f', Icon: Forward },
  note: { label: 'Note', key: 'n', Icon: StickyNote },
};

export interface ModeSwitchProps {
  mode: ComposerMode;
  onChange: (mode: ComposerMode) => void;
}

/** What the composer writes, switched in place (also by its key from the conversation). */
export function ModeSwitch({ mode, onChange }: ModeSwitchProps) {
  return (
    <div className="mode-switch" role="group" aria-label="Write">
      {COMPOSER_MODES.map((each) => {
        const { label, key, Icon } = MODES[each];
        return (
          <button
            key={each}
            type="button"
            className="mode-switch__option"
            aria-pressed={each === mode}
            title={`${label} (${key})`}
            onClick={() => onChange(each)}
          >
            <Icon aria-hidden="true" />
            <span>{label}</span>
          </button>
        );
      })}
    </div>
  );
}
