import type { AccountSummary, MethodInput, RemovedAccount } from '../../src/app/index.js';
import { appLink, type AppLink } from '../app-link.js';
import { useAccountsStore } from '../stores/accounts-store.js';
import { isUnreachable, messageOf, onEvents, onReconnect, stopAll } from './link-events.js';

/**
 * The accounts: listed at start (the first-run welcome shows while there are none), again when
 * the app says one was added, edited or removed, and when the link is back.
 */
export function startAccountsBridge(link: AppLink): () => void {
  const load = () =>
    link.call('accounts.list').then(
      (accounts) => useAccountsStore.getState().setAccounts(accounts),
      (error: unknown) => {
        // Unreachable: the Connection indicator says so, and the list loads when it is back.
        if (!isUnreachable(error)) useAccountsStore.getState().setFailed(messageOf(error));
      },
    );
  const again = () => void load();
  again();
  return stopAll([onEvents(link, ['accounts.changed'], again), onReconnect(link, again)]);
}

/** Lists the accounts again now (after a change made here: the event confirms it later). */
async function listAgain(): Promise<void> {
  useAccountsStore.getState().setAccounts(await appLink().call('accounts.list'));
}

export async function addAccount(input: MethodInput<'accounts.add'>): Promise<AccountSummary> {
  const added = await appLink().call('accounts.add', input);
  await listAgain();
  return added;
}

export async function editAccount(input: MethodInput<'accounts.edit'>): Promise<AccountSummary> {
  const edited = await appLink().call('accounts.edit', input);
  await listAgain();
  return edited;
}

export async function removeAccount(
  input: MethodInput<'accounts.remove'>,
): Promise<RemovedAccount> {
  const removed = await appLink().call('accounts.remove', input);
  await listAgain();
  return removed;
}

/** Logs in to the account's servers and out again; the answer stays beside the account. */
export async function testConnection(accountId: string): Promise<void> {
  const { setTest } = useAccountsStore.getState();
  setTest(accountId, { status: 'testing' });
  try {
    const result = await appLink().call('accounts.testConnection', { account: accountId });
    setTest(accountId, { status: 'done', result });
  } catch (error) {
    setTest(accountId, { status: 'error', message: messageOf(error) });
  }
}
