import { useState } from 'react';
import type { FormEvent } from 'react';
import { MessageSquareText, Plus } from 'lucide-react';
import type { CannedInfo } from '../../../src/app/index.js';
import { Button } from '../../components/ui/button.js';
import { EmptyState } from '../../components/ui/empty-state.js';
import { addCanned } from '../../bridge/settings-bridge.js';
import { FormError, FormField } from './form-field.js';
import { useSubmit } from './use-submit.js';
import { hasErrors, required, type Errors } from './validate.js';
import { VARIABLES_HINT } from './variables-hint.js';

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
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [shown, setShown] = useState<Errors<'name' | 'text'>>({});
  const save = useSubmit();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = { name: required(name, 'A name'), text: required(text, 'The text') };
    setShown(errors);
    if (hasErrors(errors)) return;
    if (await save.submit(() => addCanned({ name: name.trim(), text: text.trim() }))) onDone();
  };
  return (
    <form
      className="settings-card settings-form"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h4 className="settings-card__title">New canned response</h4>
      <FormField label="Name" value={name} onChange={setName} error={shown.name} autoFocus />
      <FormField
        label="Text"
        value={text}
        onChange={setText}
        error={shown.text}
        multiline
        hint={VARIABLES_HINT}
      />
      <FormError message={save.error} />
      <div className="settings-form__actions">
        <Button variant="ghost" onClick={onDone} disabled={save.busy}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={save.busy}>
          Save
        </Button>
      </div>
    </form>
  );
}
