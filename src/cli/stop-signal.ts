/**
 * Resolves at the first SIGINT or SIGTERM, for a command that runs until stopped. Set before the
 * command says it is ready: whoever reads that may signal at once. `dispose` removes the handlers.
 */
export function stopSignal(): { stopped: Promise<void>; dispose(): void } {
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    stopped,
    dispose() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
