import { useState } from 'react';
import type { DraftRecipient } from '../../../src/app/index.js';
import type { RecipientKind } from '../../stores/composer-store.js';
import { RecipientField } from './recipient-field.js';

export interface AddressFieldsProps {
  to: readonly DraftRecipient[];
  cc: readonly DraftRecipient[];
  bcc: readonly DraftRecipient[];
  onChange: (kind: RecipientKind, recipients: DraftRecipient[]) => void;
  /** The To field takes the focus (an empty new message). */
  autoFocusTo?: boolean;
}

/**
 * To, and Cc and Bcc once asked for (their toggles at the To row's end) or once they hold
 * someone: a reply's recipients and a new message's.
 */
export function AddressFields({ to, cc, bcc, onChange, autoFocusTo }: AddressFieldsProps) {
  const [shown, setShown] = useState<ReadonlySet<RecipientKind>>(new Set());
  const copies = [
    { kind: 'cc', label: 'Cc', list: cc },
    { kind: 'bcc', label: 'Bcc', list: bcc },
  ] as const;
  const visible = (kind: RecipientKind, list: readonly DraftRecipient[]) =>
    shown.has(kind) || list.length > 0;
  return (
    <>
      <RecipientField
        label="To"
        recipients={to}
        autoFocus={autoFocusTo}
        onChange={(list) => onChange('to', list)}
        trailing={copies.map(({ kind, label, list }) =>
          visible(kind, list) ? null : (
            <button
              key={kind}
              type="button"
              className="composer-toggle"
              onClick={() => setShown((now) => new Set(now).add(kind))}
            >
              {label}
            </button>
          ),
        )}
      />
      {copies.map(({ kind, label, list }) =>
        visible(kind, list) ? (
          <RecipientField
            key={kind}
            label={label}
            recipients={list}
            autoFocus={shown.has(kind) && list.length === 0}
            onChange={(changed) => onChange(kind, changed)}
          />
        ) : null,
      )}
    </>
  );
}
