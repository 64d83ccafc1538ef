import { Tags } from 'lucide-react';
import type { TagInfo } from '../../../src/app/index.js';
import { EmptyState } from '../../components/ui/empty-state.js';
import { Kbd } from '../../components/ui/kbd.js';
import { TagChip } from '../../components/ui/tag-chip.js';

/** The team's tags; a new one is made by tagging a conversation with it (an admin's, `t`). */
export function TagsSection({ tags, isAdmin }: { tags: TagInfo[]; isAdmin: boolean }) {
  const how = (
    <>
      {isAdmin ? 'Make a new tag by tagging a conversation with it: ' : 'An admin makes new tags '}
      {isAdmin ? (
        <>
          open one, press <Kbd keys={['t']} /> and type the new name.
        </>
      ) : (
        'by tagging a conversation with a new name.'
      )}
    </>
  );
  return (
    <>
      {tags.length === 0 ? (
        <EmptyState icon={<Tags />} title="No tags yet" description={how} />
      ) : (
        <>
          <ul className="settings-tags" aria-label="Tags">
            {tags.map((tag) => (
              <li key={tag.id}>
                <TagChip name={tag.name} color={tag.color} />
              </li>
            ))}
          </ul>
          <p className="settings-muted">{how}</p>
        </>
      )}
    </>
  );
}
