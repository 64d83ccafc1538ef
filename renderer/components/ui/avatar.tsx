import { avatarHue, initials } from './initials.js';
import { cx } from './class-names.js';
import './avatar.css';

export type Presence = 'online' | 'away' | 'offline';

/** How many hues the palette in avatar.css has (.ui-avatar--hue-0 … -7). */
const AVATAR_HUES = 8;

const PRESENCE_WORDS: Record<Presence, string> = {
  online: 'online',
  away: 'away',
  offline: 'offline',
};

export interface AvatarProps {
  name: string;
  email?: string;
  size?: 'xs' | 'sm' | 'md' | 'lg';
  presence?: Presence;
  /** Beside the person's name already: hidden from screen readers, not said twice. */
  decorative?: boolean;
  className?: string;
}

/** A person's initials on their own colour, with a presence dot when it is known. */
export function Avatar({ name, email, size = 'md', presence, decorative, className }: AvatarProps) {
  const who = name || email || 'Unknown';
  const hue = avatarHue((email ?? name).toLowerCase(), AVATAR_HUES);
  return (
    <span
      className={cx('ui-avatar', `ui-avatar--${size}`, `ui-avatar--hue-${hue}`, className)}
      role={decorative ? undefined : 'img'}
      aria-label={decorative ? undefined : presence ? `${who} (${PRESENCE_WORDS[presence]})` : who}
      aria-hidden={decorative || undefined}
      title={who}
    >
      <span className="ui-avatar__initials" aria-hidden="true">
        {initials(name, email)}
      </span>
      {presence ? (
        <span className={cx('ui-avatar__presence', `ui-avatar__presence--${presence}`)} />
      ) : null}
    </span>
  );
}
