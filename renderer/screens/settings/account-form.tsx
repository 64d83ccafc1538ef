import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AccountSummary } from '../../../src/app/index.js';
import { Button } from '../../components/ui/button.js';
import { addAccount, editAccount } from '../../bridge/accounts-bridge.js';
import { FormError, FormField } from './form-field.js';
import { useSubmit } from './use-submit.js';
import { emailAddress, hasErrors, required, serverUrl, type Errors } from './validate.js';

type Field = 'name' | 'email' | 'imapUrl' | 'smtpUrl' | 'password';

export interface AccountFormProps {
  /** The account to edit; none: a new one. */
  account?: AccountSummary;
  /** Called with the account as the app answered, once it is saved. */
  onSaved: (account: AccountSummary) => void;
  onCancel?: () => void;
  submitLabel?: string;
  /** Before the app is asked (the welcome keeps itself on screen from then). */
  onSubmitting?: () => void;
  /** The app refused it. */
  onRefused?: () => void;
}

function check(values: Record<Field, string>, adding: boolean): Errors<Field> {
  return {
    name: required(values.name, 'A name'),
    email: adding ? emailAddress(values.email) : undefined,
    imapUrl: serverUrl(values.imapUrl, ['imap', 'imaps']),
    smtpUrl: values.smtpUrl.trim() ? serverUrl(values.smtpUrl, ['smtp', 'smtps']) : undefined,
    password: adding ? required(values.password, 'The password') : undefined,
  };
}

/**
 * A shared mailbox's settings: its name, address (fixed once added: conversation ids derive
 * from it), IMAP and SMTP servers, and password (left empty when editing: unchanged).
 */
export function AccountForm({
  account,
  onSaved,
  onCancel,
  submitLabel,
  onSubmitting,
  onRefused,
}: AccountFormProps) {
  const adding = account === undefined;
  const [values, setValues] = useState<Record<Field, string>>({
    name: account?.name ?? '',
    email: account?.email ?? '',
    imapUrl: account?.imapUrl ?? '',
    smtpUrl: account?.smtpUrl ?? '',
    password: '',
  });
  const [shown, setShown] = useState<Errors<Field>>({});
  const { busy, error, submit } = useSubmit();
  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setShown((errors) => ({ ...errors, [field]: undefined }));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = check(values, adding);
    setShown(errors);
    if (hasErrors(errors)) return;
    const smtpUrl = values.smtpUrl.trim() || null;
    const password = values.password ? { value: values.password } : undefined;
    let saved: AccountSummary | undefined;
    onSubmitting?.();
    const ok = await submit(async () => {
      saved = adding
        ? await addAccount({
            name: values.name.trim(),
            email: values.email.trim(),
            imapUrl: values.imapUrl.trim(),
            smtpUrl,
            ...(password ? { password } : {}),
          })
        : await editAccount({
            account: account.id,
            name: values.name.trim(),
            imapUrl: values.imapUrl.trim(),
            smtpUrl,
            ...(password ? { password } : {}),
          });
    });
    if (ok && saved) onSaved(saved);
    else onRefused?.();
  };

  return (
    <form className="settings-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <div className="settings-form__grid">
        <FormField
          label="Name"
          value={values.name}
          onChange={set('name')}
          error={shown.name}
          placeholder="Support"
          autoFocus
        />
        <FormField
          label="Email address"
          type="email"
          value={values.email}
          onChange={set('email')}
          error={shown.email}
          placeholder="support@example.com"
          disabled={!adding}
          hint={adding ? undefined : 'Fixed once added.'}
        />
        <FormField
          label="IMAP server"
          type="url"
          value={values.imapUrl}
          onChange={set('imapUrl')}
          error={shown.imapUrl}
          placeholder="imaps://support@imap.example.com:993"
          hint="imaps:// for TLS, imap:// upgrades with STARTTLS."
        />
        <FormField
          label="SMTP server (optional)"
          type="url"
          value={values.smtpUrl}
          onChange={set('smtpUrl')}
          error={shown.smtpUrl}
          placeholder="smtps://support@smtp.example.com:465"
          hint="Needed to send replies."
        />
        <FormField
          label="Password"
          type="password"
          value={values.password}
          onChange={set('password')}
          error={shown.password}
          autoComplete="new-password"
          hint={adding ? 'Kept by this computer, never in the team’s data.' : 'Empty: unchanged.'}
        />
      </div>
      <FormError message={error} />
      <div className="settings-form__actions">
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel ?? (adding ? 'Add mailbox' : 'Save')}
        </Button>
      </div>
    </form>
  );
}
