import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { MessageSquareText, PenLine, Server, Tags, Users, Mail, X } from 'lucide-react';
import { IconButton } from '../../components/ui/icon-button.js';
import { startSettingsBridge } from '../../bridge/settings-bridge.js';
import { useSettingsStore } from '../../stores/settings-store.js';
import { ModalFrame } from '../overlays/modal-frame.js';
import { linkIfSet } from '../overlays/use-overlay-bridges.js';
import { AccountsSection } from './accounts-section.js';
import { CannedSection } from './canned-section.js';
import { MembersSection } from './members-section.js';
import { SectionBody } from './section-body.js';
import { SignaturesSection } from './signatures-section.js';
import { TagsSection } from './tags-section.js';
import { TeamSection } from './team-section.js';
import './settings.css';

const SECTIONS = {
  accounts: {
    title: 'Accounts',
    icon: <Mail />,
    about: 'The shared mailboxes this computer syncs, and how it reaches their servers.',
  },
  team: {
    title: 'Team server',
    icon: <Server />,
    about: 'Where assignments, notes and tags are shared with your teammates.',
  },
  members: {
    title: 'Members',
    icon: <Users />,
    about: 'Who is on the team, and what each may do with each mailbox.',
  },
  tags: { title: 'Tags', icon: <Tags />, about: 'The labels the team sorts conversations with.' },
  canned: {
    title: 'Canned responses',
    icon: <MessageSquareText />,
    about: 'Saved replies, filled in for each customer.',
  },
  signatures: {
    title: 'Signatures',
    icon: <PenLine />,
    about: 'What your messages end with: yours first, else the team’s.',
  },
} as const satisfies Record<string, { title: string; icon: ReactNode; about: string }>;

type Section = keyof typeof SECTIONS;

/** Settings (the sidebar's Settings button, or the palette): a full-window dialog by section. */
export function Settings({ onClose }: { onClose: () => void }) {
  const [section, setSection] = useState<Section>('accounts');
  const titleId = useId();
  useEffect(() => {
    const link = linkIfSet();
    return link ? startSettingsBridge(link) : undefined;
  }, []);
  const { title, about } = SECTIONS[section];
  return (
    <ModalFrame label="Settings" placement="full" onClose={onClose} className="settings">
      <nav className="settings__nav" aria-label="Settings sections">
        <h2 className="settings__heading">Settings</h2>
        <ul className="settings__sections">
          {(Object.keys(SECTIONS) as Section[]).map((id) => (
            <li key={id}>
              <button
                type="button"
                className="settings__section-button"
                aria-current={id === section ? 'page' : undefined}
                onClick={() => setSection(id)}
              >
                <span className="settings__section-icon" aria-hidden="true">
                  {SECTIONS[id].icon}
                </span>
                {SECTIONS[id].title}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="settings__content" aria-labelledby={titleId}>
        <header className="settings__header">
          <div>
            <h3 id={titleId} className="settings__title">
              {title}
            </h3>
            <p className="settings__about">{about}</p>
          </div>
          <IconButton label="Close settings" icon={<X />} shortcut="Esc" onClick={onClose} />
        </header>
        <div className="settings__scroll">
          {section === 'accounts' ? <AccountsSection /> : <TeamParts section={section} />}
        </div>
      </section>
    </ModalFrame>
  );
}

/** The sections read from the settings store (what the settings bridge loaded). */
function TeamParts({ section }: { section: Exclude<Section, 'accounts'> }) {
  const load = useSettingsStore((s) => s.load);
  const data = useSettingsStore((s) => s.data);
  const teamError = useSettingsStore((s) => s.teamError);
  // No workspace yet (role null): the first triage makes a solo one, whose only member, this
  // user, is its admin.
  const isAdmin = data?.actor.role === 'admin' || data?.actor.role === null;
  return (
    <SectionBody load={load}>
      {data === null ? null : section === 'team' ? (
        <TeamSection team={data.team} error={teamError} />
      ) : section === 'members' ? (
        <MembersSection
          members={data.members}
          isAdmin={isAdmin}
          withServer={data.actor.workspaceId !== null && !data.actor.solo}
        />
      ) : section === 'tags' ? (
        <TagsSection tags={data.tags} isAdmin={isAdmin} />
      ) : section === 'canned' ? (
        <CannedSection canned={data.canned} isAdmin={isAdmin} />
      ) : (
        <SignaturesSection signatures={data.signatures} isAdmin={isAdmin} />
      )}
    </SectionBody>
  );
}
