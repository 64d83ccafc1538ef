import { useState } from 'react';
import type { MethodInput, TeamMember } from '../../../src/app/index.js';
import { Avatar } from '../../components/ui/avatar.js';
import { Badge } from '../../components/ui/badge.js';
import { setPermission } from '../../bridge/settings-bridge.js';
import { useAccountsStore } from '../../stores/accounts-store.js';
import { FormError } from './form-field.js';
import { useSubmit } from './use-submit.js';

type Permission = MethodInput<'team.setPermission'>['permission'];

const PERMISSIONS: Record<Permission, string> = {
  'full-access': 'Full access',
  'send-as': 'Send as the mailbox',
  'send-on-behalf': 'Send on behalf',
  'read-only': 'Read only',
  'no-access': 'No access',
};

const ROLES: Record<TeamMember['role'], { label: string; about: string }> = {
  admin: { label: 'Admin', about: 'Changes the team’s settings' },
  agent: { label: 'Agent', about: 'Works the conversations' },
  viewer: { label: 'Viewer', about: 'Reads, changes nothing' },
};

/** The team's members with their roles and, for an admin to change, their mailbox permissions. */
export function MembersSection({
  members,
  isAdmin,
  withServer,
}: {
  members: TeamMember[];
  isAdmin: boolean;
  /** The workspace is a team's, on a team server (not this app's own, alone). */
  withServer: boolean;
}) {
  const mailboxes = useAccountsStore((s) => s.accounts);
  return (
    <>
      <ul className="settings-list settings-list--rows" aria-label="Members">
        {members.map((member) => (
          <li key={member.id} className="member-row">
            <Avatar name={member.name} email={member.email} size="md" decorative />
            <div className="settings-card__main">
              <p className="settings-card__title">{member.name || member.email}</p>
              <p className="settings-card__meta">{member.email}</p>
            </div>
            <div className="member-row__role">
              <Badge tone={member.role === 'admin' ? 'accent' : 'neutral'}>
                {ROLES[member.role].label}
              </Badge>
              <span className="settings-muted">{ROLES[member.role].about}</span>
            </div>
          </li>
        ))}
      </ul>
      <p className="settings-muted">
        {withServer
          ? 'Members and their roles come from the team server: its admin adds them and gives each a token (switchboard server-admin).'
          : 'Working alone: join a team (Team server) to work with teammates.'}
      </p>
      {mailboxes.length > 0 && members.length > 0 ? (
        <PermissionGrid
          members={members}
          mailboxes={mailboxes.map((m) => m.email.toLowerCase())}
          isAdmin={isAdmin}
        />
      ) : null}
    </>
  );
}

function PermissionGrid({
  members,
  mailboxes,
  isAdmin,
}: {
  members: TeamMember[];
  mailboxes: string[];
  isAdmin: boolean;
}) {
  // A change shows at once; the app's answer (the members listed again) replaces it.
  const [pending, setPending] = useState<Record<string, Permission>>({});
  const saving = useSubmit();
  const change = (member: TeamMember, mailbox: string, permission: Permission) => {
    const key = `${member.id} ${mailbox}`;
    setPending((p) => ({ ...p, [key]: permission }));
    void saving
      .submit(() => setPermission({ email: member.email, mailbox, permission }))
      .finally(() =>
        setPending((p) => {
          const rest = { ...p };
          delete rest[key];
          return rest;
        }),
      );
  };
  return (
    <div className="settings-card">
      <h4 className="settings-card__title">Mailbox permissions</h4>
      <p className="settings-muted">
        {isAdmin
          ? 'What each teammate may do with each shared mailbox. Until one is set, the role decides.'
          : 'What each teammate may do with each shared mailbox. Only an admin changes them.'}
      </p>
      <div className="permission-grid__scroll">
        <table className="permission-grid">
          <thead>
            <tr>
              <th scope="col">Member</th>
              {mailboxes.map((mailbox) => (
                <th key={mailbox} scope="col">
                  {mailbox}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <th scope="row">{member.name || member.email}</th>
                {mailboxes.map((mailbox) => {
                  const set = pending[`${member.id} ${mailbox}`] ?? member.permissions[mailbox];
                  return (
                    <td key={mailbox}>
                      <select
                        className="settings-select"
                        aria-label={`${member.name || member.email} on ${mailbox}`}
                        data-set={set ? 'true' : undefined}
                        value={set ?? ''}
                        disabled={!isAdmin}
                        onChange={(event) =>
                          change(member, mailbox, event.target.value as Permission)
                        }
                      >
                        <option value="" disabled>
                          {`${PERMISSIONS[member.defaultPermission]} (${ROLES[member.role].label.toLowerCase()}’s default)`}
                        </option>
                        {(Object.keys(PERMISSIONS) as Permission[]).map((permission) => (
                          <option key={permission} value={permission}>
                            {PERMISSIONS[permission]}
                          </option>
                        ))}
                      </select>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormError message={saving.error} />
    </div>
  );
}
