/**
 * Runs `run` in a task of its own once `frames` frames have begun from now (so the frame being
 * prepared is painted, and the tasks queued behind it have run, first): work second to what the
 * page is showing. Where there are no frames (Node, a test), in the next task.
 */
export function afterFrame(run: () => void, frames = 1): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(run, 0);
    return;
  }
  const next = (left: number): void => {
    if (left === 0) setTimeout(run, 0);
    else requestAnimationFrame(() => next(left - 1));
  };
  next(frames);
}
