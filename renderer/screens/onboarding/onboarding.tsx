import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ArrowRight, Mail, Sparkles, Terminal } from 'lucide-react';
import type { AccountSummary } from '../../../src/app/index.js';
import { Button } from '../../components/ui/button.js';
import { Kbd } from '../../components/ui/kbd.js';
import { testConnection } from '../../bridge/accounts-bridge.js';
import { useAccountsStore } from '../../stores/accounts-store.js';
import { useUiStore } from '../../stores/ui-store.js';
import { ModalFrame } from '../overlays/modal-frame.js';
import { AccountForm } from '../settings/account-form.js';
import { ConnectionResult } from '../settings/connection-result.js';
import './onboarding.css';

type Step = 'welcome' | 'mailbox' | 'demo' | { added: AccountSummary };

export interface OnboardingProps {
  /** The mailbox is being added: keep the welcome on screen (the accounts are no longer none). */
  onAdding: (adding: boolean) => void;
  /** Done: the inbox. */
  onDone: () => void;
}

/**
 * The first run (no account yet): a calm welcome, then adding the team's mailbox with a
 * connection test, or how to try the demo workspace.
 */
export function Onboarding({ onAdding, onDone }: OnboardingProps) {
  const [step, setStep] = useState<Step>('welcome');
  const column = useRef<HTMLDivElement>(null);
  const stepName = typeof step === 'string' ? step : 'added';
  // Each step starts at its first control, as a new page would.
  useEffect(() => {
    const root = column.current;
    root?.querySelector<HTMLElement>('[data-autofocus], button, input')?.focus();
  }, [stepName]);
  return (
    <ModalFrame
      label="Welcome to Switchboard"
      placement="full"
      onClose={() => {}}
      className="onboarding"
    >
      <div className="onboarding__column" ref={column}>
        <div className="onboarding__mark" aria-hidden="true">
          S
        </div>
        {step === 'welcome' ? (
          <Welcome onMailbox={() => setStep('mailbox')} onDemo={() => setStep('demo')} />
        ) : step === 'demo' ? (
          <Demo onBack={() => setStep('welcome')} />
        ) : step === 'mailbox' ? (
          <>
            <h1 className="onboarding__title">Add your team’s mailbox</h1>
            <p className="onboarding__lead">
              The shared address your customers write to: support@, sales@… Switchboard keeps a copy
              on this computer and works offline.
            </p>
            <div className="onboarding__card">
              <AccountForm
                submitLabel="Add and test the connection"
                onSubmitting={() => onAdding(true)}
                onRefused={() => onAdding(false)}
                onSaved={(account) => {
                  setStep({ added: account });
                  void testConnection(account.id);
                }}
                onCancel={() => setStep('welcome')}
              />
            </div>
          </>
        ) : (
          <Added account={step.added} onDone={onDone} />
        )}
      </div>
    </ModalFrame>
  );
}

function Welcome({ onMailbox, onDemo }: { onMailbox: () => void; onDemo: () => void }) {
  return (
    <>
      <h1 className="onboarding__title">Welcome to Switchboard</h1>
      <p className="onboarding__lead">
        One inbox for the whole team: assign, tag, and answer together, with every conversation on
        your own computer.
      </p>
      <div className="onboarding__choices">
        <Choice
          icon={<Mail />}
          title="Add a mailbox"
          about="Connect the team’s address over IMAP and SMTP."
          onClick={onMailbox}
          first
        />
        <Choice
          icon={<Sparkles />}
          title="Try the demo"
          about="Explore a support team’s inbox, nothing to set up."
          onClick={onDemo}
        />
      </div>
    </>
  );
}

function Choice(props: {
  icon: ReactNode;
  title: string;
  about: string;
  onClick: () => void;
  first?: boolean;
}) {
  return (
    <button
      type="button"
      className="onboarding__choice"
      onClick={props.onClick}
      data-autofocus={props.first || undefined}
    >
      <span className="onboarding__choice-icon" aria-hidden="true">
        {props.icon}
      </span>
      <span className="onboarding__choice-text">
        <span className="onboarding__choice-title">{props.title}</span>
        <span className="onboarding__choice-about">{props.about}</span>
      </span>
      <ArrowRight className="onboarding__choice-arrow" aria-hidden="true" />
    </button>
  );
}

function Demo({ onBack }: { onBack: () => void }) {
  return (
    <>
      <h1 className="onboarding__title">Try the demo</h1>
      <p className="onboarding__lead">
        The demo is a workspace of its own, with a support team, their conversations, notes and
        tags, kept apart from your data. Start it from the project’s folder:
      </p>
      <div className="onboarding__command">
        <Terminal aria-hidden="true" />
        <code>npm run demo</code>
      </div>
      <p className="onboarding__note">Then open the address it prints last.</p>
      <div className="onboarding__actions">
        <Button variant="ghost" onClick={onBack}>
          Back
        </Button>
      </div>
    </>
  );
}

function Added({ account, onDone }: { account: AccountSummary; onDone: () => void }) {
  const test = useAccountsStore((s) => s.tests[account.id]);
  const failed =
    test?.status === 'error' ||
    (test?.status === 'done' && (!test.result.imap.ok || test.result.smtp?.ok === false));
  return (
    <>
      <h1 className="onboarding__title">{`${account.name || account.email} is added`}</h1>
      <p className="onboarding__lead">
        {failed
          ? 'The servers did not let Switchboard in. Check the addresses and the password in Settings.'
          : 'Its mail comes in now: the newest first, then the rest while you work.'}
      </p>
      <div className="onboarding__card">
        <ConnectionResult test={test} />
      </div>
      <div className="onboarding__actions">
        {failed ? (
          <Button
            onClick={() => {
              onDone();
              useUiStore.getState().openOverlay('settings');
            }}
          >
            Open settings
          </Button>
        ) : null}
        <Button variant="primary" onClick={onDone} trailing={<Kbd keys={['↵']} />}>
          Go to the inbox
        </Button>
      </div>
    </>
  );
}
