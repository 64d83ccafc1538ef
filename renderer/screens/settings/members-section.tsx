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

const ROLE_DEFAULT: Record<TeamMember['role'], string> = {
  admin: 'Full access (admin)',
  agent: 'Full access (agent)',
  viewer: 'Read only (viewer)',
};

/** The team's members and, for an admin, what each may do with each shared mailbox. */
export function MembersSection({ members, isAdmin }: { members: TeamMember[]; isAdmin: boolean }) {
  const mailboxes = useAccountsStore((s) => s.accounts);
  return (
    <>
      <ul className="settings-list" aria-label="Members">
        {members.map((member) => (
          <li key={member.id} className="settings-card settings-card--compact">
            <div className="settings-card__row">
              <Avatar name={member.name} email={member.email} size="md" decorative />
              <div className="settings-card__main">
                <p className="settings-card__title">{member.name || member.email}</p>
                <p className="settings-card__meta">{member.email}</p>
              </div>
              <Badge tone={member.role === 'admin' ? 'accent' : 'neutral'}>{member.role}</Badge>
            </div>
          </li>
        ))}
      </ul>
      {mailboxes.length > 0 && members.length > 0 ? (
        <PermissionGrid
          members={members}
          mailboxes={mailboxes.map((m) => m.email)}
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
  // What was set here this time (the contract lists no current permissions: each cell starts
  // at the role's default, which is what applies until an admin sets one).
  const [set, setSet] = useState<Record<string, Permission>>({});
  const saving = useSubmit();
  const change = (email: string, mailbox: string, permission: Permission) => {
    const key = `${email} ${mailbox}`;
    const before = set[key];
    setSet((s) => ({ ...s, [key]: permission }));
    void saving
      .submit(() => setPermission({ email, mailbox, permission }))
      .then((ok) => {
        if (!ok) setSet((s) => ({ ...s, [key]: before as Permission }));
      });
  };
  return (
    <div className="settings-card">
      <h4 className="settings-card__title">Mailbox permissions</h4>
      <p className="settings-muted">
        {isAdmin
          ? 'What each teammate may do with each shared mailbox. Until set, the role decides.'
          : 'Only an admin changes what teammates may do with each mailbox.'}
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
                  const value = set[`${member.email} ${mailbox}`];
                  return (
                    <td key={mailbox}>
                      <select
                        className="settings-select"
                        aria-label={`${member.name || member.email} on ${mailbox}`}
                        value={value ?? ''}
                        disabled={!isAdmin}
                        onChange={(event) =>
                          change(member.email, mailbox, event.target.value as Permission)
                        }
                      >
                        <option value="" disabled>
                          {ROLE_DEFAULT[member.role]}
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
