import type { AppEvent } from './contract/events.js';
import type { Logger } from './platform.js';

export type AppEventListener = (event: AppEvent) => void;

/**
 * The application's one event stream (see contract/events.ts). Listeners run synchronously, in
 * the order they subscribed; one that throws is logged and never stops the others, nor the core
 * change that emitted the event.
 */
export class AppEvents {
  private readonly listeners = new Set<AppEventListener>();

  constructor(private readonly logger: Logger) {}

  /** Returns the unsubscribe. */
  subscribe(listener: AppEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: AppEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(`an event listener failed on ${event.type}`, error);
      }
    }
  }
}
