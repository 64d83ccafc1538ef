import type { FormEvent } from 'react';
import type { AccountSummary } from '../../../src/app/index.js';
import { addAccount, editAccount } from '../../bridge/accounts-bridge.js';
import { FormActions, FormError, FormField } from './form-field.js';
import { useFormFields } from './use-form-fields.js';
import { useSubmit } from './use-submit.js';
import { emailAddress, required, serverUrl, type Errors } from './validate.js';

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
  const { values, valid, bind } = useFormFields<Field>({
    name: account?.name ?? '',
    email: account?.email ?? '',
    imapUrl: account?.imapUrl ?? '',
    smtpUrl: account?.smtpUrl ?? '',
    password: '',
  });
  const { busy, error, submit } = useSubmit();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid(check(values, adding))) return;
    const fields = {
      name: values.name.trim(),
      imapUrl: values.imapUrl.trim(),
      smtpUrl: values.smtpUrl.trim() || null,
      ...(values.password ? { password: { value: values.password } } : {}),
    };
    let saved: AccountSummary | undefined;
    onSubmitting?.();
    const ok = await submit(async () => {
      saved = adding
        ? await addAccount({ ...fields, email: values.email.trim() })
        : await editAccount({ ...fields, account: account.id });
    });
    if (ok && saved) onSaved(saved);
    else onRefused?.();
  };

  return (
    <form className="settings-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <div className="settings-form__grid">
        <FormField label="Name" {...bind('name')} placeholder="Support" autoFocus />
        <FormField
          label="Email address"
          type="email"
          {...bind('email')}
          placeholder="support@example.com"
          disabled={!adding}
          hint={adding ? undefined : 'Fixed once added.'}
        />
        <FormField
          label="IMAP server"
          type="url"
          {...bind('imapUrl')}
          placeholder="imaps://support@imap.example.com:993"
          hint="imaps:// for TLS, imap:// upgrades with STARTTLS."
        />
        <FormField
          label="SMTP server (optional)"
          type="url"
          {...bind('smtpUrl')}
          placeholder="smtps://support@smtp.example.com:465"
          hint="Needed to send replies."
        />
        <FormField
          label="Password"
          type="password"
          {...bind('password')}
          autoComplete="new-password"
          hint={adding ? 'Kept by this computer, never in the team’s data.' : 'Empty: unchanged.'}
        />
      </div>
      <FormError message={error} />
      <FormActions
        busy={busy}
        submitLabel={submitLabel ?? (adding ? 'Add mailbox' : 'Save')}
        {...(onCancel ? { onCancel } : {})}
      />
    </form>
  );
}
