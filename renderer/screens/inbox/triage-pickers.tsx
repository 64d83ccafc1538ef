import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { AlarmClock, Plus, UserX } from 'lucide-react';
import { Avatar } from '../../components/ui/avatar.js';
import { Button } from '../../components/ui/button.js';
import { safeHexColor } from '../../components/ui/safe-color.js';
import { triage } from '../../bridge/start-bridges.js';
import { snoozePresets, snoozeWhen } from '../../model/snooze-presets.js';
import { useConversationsStore } from '../../stores/conversations-store.js';
import { useInboxStore } from '../../stores/inbox-store.js';
import { useWorkspaceStore } from '../../stores/workspace-store.js';
import { Picker, type PickerOption } from './picker.js';

/** The picker the inbox has open (a (a)ssign, (t)ag or (s)nooze), for its conversation. */
export function TriagePickers() {
  const picker = useInboxStore((s) => s.picker);
  const close = useInboxStore((s) => s.closePicker);
  if (!picker) return null;
  const props = { conversationId: picker.conversationId, onClose: close };
  if (picker.kind === 'assign') return <AssignPicker {...props} />;
  if (picker.kind === 'tag') return <TagPicker {...props} />;
  return <SnoozePicker {...props} />;
}

interface PickerFor {
  conversationId: string;
  onClose: () => void;
}

/** The conversation as the list shows it (a conversation opened from elsewhere: unknown). */
function useListed(conversationId: string) {
  return useConversationsStore((s) => s.items.byId(conversationId));
}

const UNASSIGN = 'unassign';

function AssignPicker({ conversationId, onClose }: PickerFor) {
  const teammates = useWorkspaceStore((s) => s.teammates);
  const me = useWorkspaceStore((s) => s.me);
  const assignee = useListed(conversationId)?.assignee?.toLowerCase() ?? null;
  const options = useMemo(() => {
    const mine = me.email.toLowerCase();
    const people = teammates.some((m) => m.email.toLowerCase() === mine)
      ? teammates
      : [{ id: 'me', name: me.name, email: me.email }, ...teammates];
    const sorted = [...people].sort(
      (a, b) =>
        Number(b.email.toLowerCase() === mine) - Number(a.email.toLowerCase() === mine) ||
        (a.name || a.email).localeCompare(b.name || b.email),
    );
    const list: PickerOption[] = sorted.map((person) => ({
      id: person.email,
      label:
        person.email.toLowerCase() === mine
          ? `${person.name || person.email} (you)`
          : person.name || person.email,
      hint: person.email,
      icon: <Avatar name={person.name} email={person.email} size="sm" decorative />,
      checked: person.email.toLowerCase() === assignee,
    }));
    if (assignee !== null) list.push({ id: UNASSIGN, label: 'Unassign', icon: <UserX /> });
    return list;
  }, [teammates, me, assignee]);
  return (
    <Picker
      title="Assign"
      filterLabel="Assign to…"
      listLabel="Teammates"
      options={options}
      emptyText="No teammate by that name."
      onClose={onClose}
      onPick={(option) => {
        onClose();
        if (option.id === UNASSIGN) triage().assign(conversationId, 'none');
        else if (option.id.toLowerCase() === me.email.toLowerCase())
          triage().assign(conversationId, 'me');
        else triage().assign(conversationId, { email: option.id });
      }}
    />
  );
}

const CREATE = 'create:';

function TagPicker({ conversationId, onClose }: PickerFor) {
  const tags = useWorkspaceStore((s) => s.tags);
  const listed = useListed(conversationId)?.tags;
  const options = useMemo(() => {
    const has = new Set((listed ?? []).map((name) => name.toLowerCase()));
    return tags.map<PickerOption>((tag) => ({
      id: tag.name,
      label: tag.name,
      icon: <TagDot color={tag.color} />,
      checked: has.has(tag.name.toLowerCase()),
    }));
  }, [tags, listed]);
  const extra = useCallback(
    (query: string): PickerOption | null =>
      query && !tags.some((tag) => tag.name.toLowerCase() === query.toLowerCase())
        ? { id: `${CREATE}${query}`, label: `Create tag “${query}”`, icon: <Plus /> }
        : null,
    [tags],
  );
  return (
    <Picker
      title="Tag"
      filterLabel="Tag with…"
      listLabel="Tags"
      options={options}
      extra={extra}
      emptyText="Type a name to create a tag."
      onClose={onClose}
      onPick={(option) => {
        onClose();
        if (option.id.startsWith(CREATE))
          triage().tag(conversationId, { add: [option.id.slice(CREATE.length)] });
        else if (option.checked) triage().tag(conversationId, { remove: [option.id] });
        else triage().tag(conversationId, { add: [option.id] });
      }}
    />
  );
}

function TagDot({ color }: { color: string }) {
  return <span className="picker__tag-dot" style={{ backgroundColor: safeHexColor(color) }} />;
}

/** A datetime-local input's value for a date (local time, to the minute). */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function SnoozePicker({ conversationId, onClose }: PickerFor) {
  const presets = useMemo(() => snoozePresets(), []);
  const [custom, setCustom] = useState(() => localInputValue(presets[1]!.until));
  const snooze = (until: Date) => {
    onClose();
    triage().setStatus(conversationId, 'snoozed', {
      until: until.toISOString(),
      label: `until ${snoozeWhen(until)}`,
    });
  };
  const onCustom = (event: FormEvent) => {
    event.preventDefault();
    const until = new Date(custom);
    if (!Number.isNaN(until.getTime()) && until.getTime() > Date.now()) snooze(until);
  };
  return (
    <Picker
      title="Snooze"
      filterLabel="Snooze until…"
      listLabel="When"
      options={presets.map((preset) => ({
        id: preset.id,
        label: preset.label,
        hint: snoozeWhen(preset.until),
        icon: <AlarmClock />,
      }))}
      emptyText="Pick a day and time below."
      onClose={onClose}
      onPick={(option) => snooze(presets.find((preset) => preset.id === option.id)!.until)}
      footer={
        <form className="picker__custom" onSubmit={onCustom}>
          <input
            type="datetime-local"
            aria-label="Snooze until"
            value={custom}
            min={localInputValue(new Date())}
            onChange={(event) => setCustom(event.target.value)}
          />
          <Button type="submit" size="sm">
            Snooze
          </Button>
        </form>
      }
    />
  );
}
