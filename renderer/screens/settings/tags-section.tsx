import { useState } from 'react';
import type { FormEvent } from 'react';
import { Plus, Tags } from 'lucide-react';
import type { TagInfo } from '../../../src/app/index.js';
import { Button } from '../../components/ui/button.js';
import { EmptyState } from '../../components/ui/empty-state.js';
import { TagChip } from '../../components/ui/tag-chip.js';
import { defineTag, editTag } from '../../bridge/settings-bridge.js';
import { FormActions, FormError, FormField } from './form-field.js';
import { TagColorPicker, TAG_COLORS } from './tag-color-picker.js';
import { useFormFields } from './use-form-fields.js';
import { useSubmit } from './use-submit.js';
import { required } from './validate.js';

/** What `editing` holds for a new tag: never a tag's id (ids are slugs: a-z, 0-9, -). */
const NEW = '+new';

/** The team's tags, each with its colour; an admin creates, renames and recolours them. */
export function TagsSection({ tags, isAdmin }: { tags: TagInfo[]; isAdmin: boolean }) {
  // A tag's id, NEW for a new one, or nothing being edited.
  const [editing, setEditing] = useState<string | null>(null);
  const done = () => setEditing(null);
  return (
    <>
      {tags.length === 0 && editing !== NEW ? (
        <EmptyState
          icon={<Tags />}
          title="No tags yet"
          description={
            isAdmin
              ? 'Tags sort conversations for the whole team: Billing, Bug, Urgent…'
              : 'An admin creates the team’s tags.'
          }
        />
      ) : null}
      {tags.length > 0 ? (
        <ul className="settings-list settings-list--rows" aria-label="Tags">
          {tags.map((tag) =>
            editing === tag.id ? (
              <li key={tag.id} className="tag-row tag-row--editing" aria-label={tag.name}>
                <TagForm tag={tag} onDone={done} />
              </li>
            ) : (
              <li key={tag.id} className="tag-row" aria-label={tag.name}>
                <TagChip name={tag.name} color={tag.color} />
                {isAdmin ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Edit ${tag.name}`}
                    onClick={() => setEditing(tag.id)}
                  >
                    Edit
                  </Button>
                ) : null}
              </li>
            ),
          )}
        </ul>
      ) : null}
      {!isAdmin ? (
        tags.length > 0 ? (
          <p className="settings-muted">An admin creates, renames and recolours the team’s tags.</p>
        ) : null
      ) : editing === NEW ? (
        <div className="settings-card">
          <h4 className="settings-card__title">New tag</h4>
          <TagForm onDone={done} />
        </div>
      ) : (
        <div>
          <Button icon={<Plus />} onClick={() => setEditing(NEW)}>
            New tag
          </Button>
        </div>
      )}
    </>
  );
}

/** A tag's name and colour: a new tag's (no `tag`), or a change of one. */
function TagForm({ tag, onDone }: { tag?: TagInfo; onDone: () => void }) {
  const { values, valid, bind, set } = useFormFields({
    name: tag?.name ?? '',
    color: tag?.color ?? TAG_COLORS[0].value,
  });
  const save = useSubmit();
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid({ name: required(values.name, 'A name') })) return;
    const name = values.name.trim();
    const call = tag
      ? () =>
          editTag({
            tag: tag.id,
            ...(name !== tag.name ? { name } : {}),
            ...(values.color !== tag.color ? { color: values.color } : {}),
          })
      : () => defineTag({ name, color: values.color });
    if (tag && name === tag.name && values.color === tag.color) return onDone();
    if (await save.submit(call)) onDone();
  };
  return (
    <form className="settings-form tag-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <div className="tag-form__fields">
        <FormField label="Name" {...bind('name')} placeholder="Billing" autoFocus />
        <TagColorPicker value={values.color} onChange={set('color')} />
      </div>
      <div className="tag-form__preview">
        <span className="settings-muted">Preview</span>
        <TagChip name={values.name.trim() || 'Tag'} color={values.color} />
      </div>
      <FormError message={save.error} />
      <FormActions busy={save.busy} submitLabel={tag ? 'Save' : 'Create tag'} onCancel={onDone} />
    </form>
  );
}
