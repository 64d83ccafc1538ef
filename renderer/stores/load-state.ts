/** Where a store's data is: not there yet, there, or failed with a message to show. */
export type LoadState =
  { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };

export const LOADING: LoadState = { status: 'loading' };
export const READY: LoadState = { status: 'ready' };
