import { useState } from 'react';
import { Mail, Plus } from 'lucide-react';
import type { AccountSummary } from '../../../src/app/index.js';
import { Badge } from '../../components/ui/badge.js';
import { Button } from '../../components/ui/button.js';
import { EmptyState } from '../../components/ui/empty-state.js';
import { removeAccount, testConnection } from '../../bridge/accounts-bridge.js';
import { useAccountsStore } from '../../stores/accounts-store.js';
import { AccountForm } from './account-form.js';
import { ConnectionResult } from './connection-result.js';
import { FormError } from './form-field.js';
import { SectionBody } from './section-body.js';
import { useSubmit } from './use-submit.js';

/** The shared mailboxes this app syncs: each with a connection test, edit and remove. */
export function AccountsSection() {
  const load = useAccountsStore((s) => s.load);
  const accounts = useAccountsStore((s) => s.accounts);
  const [adding, setAdding] = useState(false);
  return (
    <SectionBody load={load}>
      <ul className="settings-list" aria-label="Accounts">
        {accounts.map((account) => (
          <AccountRow key={account.id} account={account} />
        ))}
      </ul>
      {accounts.length === 0 && !adding ? (
        <EmptyState
          icon={<Mail />}
          title="No shared mailbox yet"
          description="Add the team’s mailbox (support@, sales@…) to bring its mail here."
        />
      ) : null}
      {adding ? (
        <div className="settings-card">
          <h4 className="settings-card__title">New mailbox</h4>
          <AccountForm onSaved={() => setAdding(false)} onCancel={() => setAdding(false)} />
        </div>
      ) : (
        <div>
          <Button icon={<Plus />} onClick={() => setAdding(true)}>
            Add mailbox
          </Button>
        </div>
      )}
    </SectionBody>
  );
}

function AccountRow({ account }: { account: AccountSummary }) {
  const test = useAccountsStore((s) => s.tests[account.id]);
  const [mode, setMode] = useState<'view' | 'edit' | 'remove'>('view');
  const removal = useSubmit();
  // Refused while local changes or unsent messages wait: removing drops them, said first.
  const pendingActions = removal.code === 'usage';
  const remove = (dropPendingActions: boolean) =>
    void removal.submit(() =>
      removeAccount({ account: account.id, ...(dropPendingActions ? { dropPendingActions } : {}) }),
    );
  return (
    <li className="settings-card" aria-label={account.name || account.email}>
      <div className="settings-card__row">
        <div className="settings-card__main">
          <p className="settings-card__title">
            {account.name || account.email}
            {account.syncError ? <Badge tone="danger">Sync failing</Badge> : null}
          </p>
          <p className="settings-card__meta">{account.email}</p>
          <AccountServers account={account} />
          {account.syncError ? <p className="settings-card__error">{account.syncError}</p> : null}
        </div>
        {mode === 'view' ? (
          <div className="settings-card__actions">
            {account.transport === 'imap' ? (
              <Button
                size="sm"
                busy={test?.status === 'testing'}
                onClick={() => void testConnection(account.id)}
              >
                Test connection
              </Button>
            ) : null}
            <Button size="sm" variant="ghost" onClick={() => setMode('edit')}>
              Edit
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setMode('remove')}>
              Remove
            </Button>
          </div>
        ) : null}
      </div>
      {mode === 'view' ? <ConnectionResult test={test} /> : null}
      {mode === 'edit' ? (
        <AccountForm
          account={account}
          onSaved={() => setMode('view')}
          onCancel={() => setMode('view')}
        />
      ) : null}
      {mode === 'remove' ? (
        <div className="settings-confirm">
          <p>
            {`Remove ${account.name || account.email} from this computer? Its mail leaves this cache; the server keeps it.`}
          </p>
          <FormError message={removal.error} />
          <div className="settings-form__actions">
            <Button variant="ghost" onClick={() => setMode('view')} disabled={removal.busy}>
              Cancel
            </Button>
            <Button variant="danger" busy={removal.busy} onClick={() => remove(pendingActions)}>
              {pendingActions ? 'Remove anyway' : 'Remove'}
            </Button>
          </div>
        </div>
      ) : null}
    </li>
  );
}

/** Where the account's mail comes from and goes through, and where its password is. */
function AccountServers({ account }: { account: AccountSummary }) {
  if (account.transport === 'local')
    return (
      <dl className="settings-servers">
        <dt>Mail</dt>
        <dd>A local demo mailbox: no server; replies are filed in its Sent folder at once</dd>
      </dl>
    );
  return (
    <dl className="settings-servers">
      <dt>Incoming</dt>
      <dd>{account.imapUrl}</dd>
      <dt>Outgoing</dt>
      <dd>{account.smtpUrl ?? 'No SMTP server: replies cannot be sent'}</dd>
      <dt>Password</dt>
      <dd>{passwordSource(account.passwordRef)}</dd>
    </dl>
  );
}

function passwordSource(ref: string | null): string {
  if (ref === null) return 'Not set: add it with Edit';
  if (ref.startsWith('env:')) return `From the environment: $${ref.slice(4)}`;
  return 'Saved on this computer';
}
