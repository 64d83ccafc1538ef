/* The renderer's base components: every screen builds on these. */
export { Avatar, type AvatarProps, type Presence } from './avatar.js';
export { Badge, Count, type BadgeProps, type BadgeTone, type CountProps } from './badge.js';
export { Button, type ButtonProps, type ButtonVariant } from './button.js';
export { cx } from './class-names.js';
export { Dialog, type DialogProps } from './dialog.js';
export { EmptyState, type EmptyStateProps } from './empty-state.js';
export { IconButton, type IconButtonProps } from './icon-button.js';
export { Kbd, type KbdProps } from './kbd.js';
export { Skeleton, type SkeletonProps } from './skeleton.js';
export { Spinner, type SpinnerProps } from './spinner.js';
export { TagChip, type TagChipProps } from './tag-chip.js';
export {
  ToastRegion,
  type ToastItem,
  type ToastRegionProps,
  type ToastTone,
} from './toast-region.js';
