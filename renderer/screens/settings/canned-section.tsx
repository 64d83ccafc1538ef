import { useState } from 'react';
import type { FormEvent } from 'react';
import { MessageSquareText, Plus } from 'lucide-react';
import type { CannedInfo } from '../../../src/app/index.js';
import { Button } from '../../components/ui/button.js';
import { EmptyState } from '../../components/ui/empty-state.js';
import { addCanned } from '../../bridge/settings-bridge.js';
import { FormActions, FormError } from './form-field.js';
import { useSubmit } from './use-submit.js';
import { useFormFields } from './use-form-fields.js';
import { nameAndText } from './validate.js';
import { NameAndTextFields } from './name-and-text-fields.js';

/** The team's saved replies (an admin adds them), with their {{variables}}. */
export function CannedSection({ canned, isAdmin }: { canned: CannedInfo[]; isAdmin: boolean }) {
  const [adding, setAdding] = useState(false);
  return (
    <>
      {canned.length === 0 && !adding ? (
        <EmptyState
          icon={<MessageSquareText />}
          title="No canned responses yet"
          description="Answers the team gives again and again, one click away in the composer."
        />
      ) : (
        <ul className="settings-list" aria-label="Canned responses">
          {canned.map((item) => (
            <li key={item.id} className="settings-card">
              <p className="settings-card__title">{item.name}</p>
              <p className="settings-card__text">{item.text}</p>
            </li>
          ))}
        </ul>
      )}
      {!isAdmin ? (
        <p className="settings-muted">An admin adds and changes the team’s canned responses.</p>
      ) : adding ? (
        <CannedForm onDone={() => setAdding(false)} />
      ) : (
        <div>
          <Button icon={<Plus />} onClick={() => setAdding(true)}>
            New canned response
          </Button>
        </div>
      )}
    </>
  );
}

function CannedForm({ onDone }: { onDone: () => void }) {
  const { values, valid, bind } = useFormFields({ name: '', text: '' });
  const save = useSubmit();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid(nameAndText(values))) return;
    const canned = { name: values.name.trim(), text: values.text.trim() };
    if (await save.submit(() => addCanned(canned))) onDone();
  };
  return (
    <form
      className="settings-card settings-form"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h4 className="settings-card__title">New canned response</h4>
      <NameAndTextFields bind={bind} />
      <FormError message={save.error} />
      <FormActions busy={save.busy} submitLabel="Save" onCancel={onDone} />
    </form>
  );
}
