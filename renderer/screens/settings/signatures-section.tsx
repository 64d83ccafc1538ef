import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { PenLine, Plus } from 'lucide-react';
import type { SignatureInfo } from '../../../src/app/index.js';
import { Badge } from '../../components/ui/badge.js';
import { Button } from '../../components/ui/button.js';
import { EmptyState } from '../../components/ui/empty-state.js';
import { removeSignature, saveSignature } from '../../bridge/settings-bridge.js';
import { useAccountsStore } from '../../stores/accounts-store.js';
import { FormActions, FormError } from './form-field.js';
import { useSubmit } from './use-submit.js';
import { useFormFields } from './use-form-fields.js';
import { nameAndText } from './validate.js';
import { NameAndTextFields } from './name-and-text-fields.js';

/**
 * The signatures messages end with: your own (used first) and the team's (an admin's), each for
 * one mailbox or any.
 */
export function SignaturesSection({
  signatures,
  isAdmin,
}: {
  signatures: SignatureInfo[];
  isAdmin: boolean;
}) {
  const [editing, setEditing] = useState<SignatureInfo | 'new' | null>(null);
  return (
    <>
      {signatures.length === 0 && editing === null ? (
        <EmptyState
          icon={<PenLine />}
          title="No signatures yet"
          description="Your own is used first; else the team’s, for the mailbox or for any."
        />
      ) : (
        <ul className="settings-list" aria-label="Signatures">
          {signatures.map((signature) =>
            editing !== 'new' && editing?.id === signature.id ? (
              <li key={signature.id}>
                <SignatureForm
                  signature={signature}
                  isAdmin={isAdmin}
                  onDone={() => setEditing(null)}
                />
              </li>
            ) : (
              <SignatureRow
                key={signature.id}
                signature={signature}
                onEdit={() => setEditing(signature)}
              />
            ),
          )}
        </ul>
      )}
      {editing === 'new' ? (
        <SignatureForm isAdmin={isAdmin} onDone={() => setEditing(null)} />
      ) : (
        <div>
          <Button icon={<Plus />} onClick={() => setEditing('new')}>
            New signature
          </Button>
        </div>
      )}
    </>
  );
}

function SignatureRow({ signature, onEdit }: { signature: SignatureInfo; onEdit: () => void }) {
  const removal = useSubmit();
  return (
    <li className="settings-card">
      <div className="settings-card__row">
        <div className="settings-card__main">
          <p className="settings-card__title">
            {signature.name}
            <Badge tone={signature.member ? 'accent' : 'neutral'}>
              {signature.member ? 'Yours' : 'Team'}
            </Badge>
          </p>
          <p className="settings-card__meta">{signature.mailbox ?? 'Any mailbox'}</p>
        </div>
        <div className="settings-card__actions">
          <Button size="sm" variant="ghost" onClick={onEdit}>
            Edit
          </Button>
          <Button
            size="sm"
            variant="ghost"
            busy={removal.busy}
            onClick={() => void removal.submit(() => removeSignature(signature.id))}
          >
            Remove
          </Button>
        </div>
      </div>
      <p className="settings-card__text">{signature.text}</p>
      <FormError message={removal.error} />
    </li>
  );
}

function SignatureForm({
  signature,
  isAdmin,
  onDone,
}: {
  signature?: SignatureInfo;
  isAdmin: boolean;
  onDone: () => void;
}) {
  const mailboxes = useAccountsStore((s) => s.accounts);
  const mailboxId = useId();
  const { values, valid, bind } = useFormFields({
    name: signature?.name ?? '',
    text: signature?.text ?? '',
  });
  const [mailbox, setMailbox] = useState(signature?.mailbox ?? '');
  // Not an admin: only your own. A saved one keeps whose it is.
  const [personal, setPersonal] = useState(signature ? signature.member !== null : !isAdmin);
  const save = useSubmit();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid(nameAndText(values))) return;
    const saved = await save.submit(() =>
      saveSignature({
        ...(signature ? { id: signature.id } : {}),
        name: values.name.trim(),
        text: values.text.trim(),
        mailbox: mailbox || null,
        personal,
      }),
    );
    if (saved) onDone();
  };
  return (
    <form
      className="settings-card settings-form"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h4 className="settings-card__title">{signature ? 'Edit signature' : 'New signature'}</h4>
      <NameAndTextFields bind={bind} />
      <div className="form-field">
        <label className="form-field__label" htmlFor={mailboxId}>
          For
        </label>
        <select
          id={mailboxId}
          className="settings-select"
          value={mailbox}
          onChange={(event) => setMailbox(event.target.value)}
        >
          <option value="">Any mailbox</option>
          {mailboxes.map((account) => (
            <option key={account.id} value={account.email}>
              {account.email}
            </option>
          ))}
        </select>
      </div>
      <label className="settings-check">
        <input
          type="checkbox"
          checked={personal}
          disabled={!isAdmin || signature !== undefined}
          onChange={(event) => setPersonal(event.target.checked)}
        />
        Only mine (the team’s signature is an admin’s)
      </label>
      <FormError message={save.error} />
      <FormActions busy={save.busy} submitLabel="Save" onCancel={onDone} />
    </form>
  );
}
