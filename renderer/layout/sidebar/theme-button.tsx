import { Monitor, Moon, Sun } from 'lucide-react';
import { IconButton } from '../../components/ui/icon-button.js';
import type { Theme } from '../../stores/ui-store.js';

const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
const ICONS = { system: Monitor, light: Sun, dark: Moon } as const;
const WORDS: Record<Theme, string> = { system: 'system', light: 'light', dark: 'dark' };

/** Steps through the themes: the system's, light, dark. */
export function ThemeButton({ theme, onChange }: { theme: Theme; onChange: (t: Theme) => void }) {
  const Icon = ICONS[theme];
  return (
    <IconButton
      label={`Theme: ${WORDS[theme]}. Switch to ${WORDS[NEXT[theme]]}`}
      title={`Theme: ${WORDS[theme]}`}
      icon={<Icon />}
      size="sm"
      onClick={() => onChange(NEXT[theme])}
    />
  );
}
