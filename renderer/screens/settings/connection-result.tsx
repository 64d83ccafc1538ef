import { CheckCircle2, CircleAlert } from 'lucide-react';
import { Spinner } from '../../components/ui/spinner.js';
import './settings.css';
import type { ConnectionTestState } from '../../stores/accounts-store.js';

/** A connection test's answer beside its account: each server, connected or why not. */
export function ConnectionResult({ test }: { test: ConnectionTestState | undefined }) {
  if (!test) return null;
  if (test.status === 'testing')
    return (
      <p className="connection-result" role="status">
        <Spinner size="sm" label={null} /> Connecting to the servers…
      </p>
    );
  if (test.status === 'error')
    return (
      <p className="connection-result connection-result--failed" role="status">
        <CircleAlert aria-hidden="true" /> {test.message}
      </p>
    );
  const { imap, smtp } = test.result;
  const lines = [
    { server: 'IMAP', outcome: imap },
    ...(smtp ? [{ server: 'SMTP', outcome: smtp }] : []),
  ];
  return (
    <ul className="connection-result__list" role="status" aria-label="Connection test">
      {lines.map(({ server, outcome }) => (
        <li
          key={server}
          className={`connection-result ${outcome.ok ? 'connection-result--ok' : 'connection-result--failed'}`}
        >
          {outcome.ok ? <CheckCircle2 aria-hidden="true" /> : <CircleAlert aria-hidden="true" />}
          {outcome.ok ? `${server}: connected and signed in` : `${server}: ${outcome.message}`}
        </li>
      ))}
    </ul>
  );
}
