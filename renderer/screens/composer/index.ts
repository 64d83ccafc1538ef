/*
 * The composer, for the screens that mount it: the conversation view puts <ComposerSlot> under
 * its timeline (r, R, f, n open it there), the sidebar's footer <OutboxIndicator>.
 */
export { ComposerSlot } from './composer-slot.js';
export { OutboxIndicator } from './outbox-indicator.js';
export { closeComposer, openComposer } from '../../bridge/composer-bridge.js';
export type { ComposerMode } from '../../stores/composer-store.js';
