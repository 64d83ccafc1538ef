/**
 * Listeners of one kind of news. One that throws does not keep the news from the others: its
 * error is rethrown on its own, where the browser reports it.
 */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Returns the unsubscribe. */
  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
