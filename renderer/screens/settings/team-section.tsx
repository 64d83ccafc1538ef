import { useState } from 'react';
import type { FormEvent } from 'react';
import { Badge, type BadgeTone } from '../../components/ui/badge.js';
import { Button } from '../../components/ui/button.js';
import { Spinner } from '../../components/ui/spinner.js';
import { joinTeam, leaveTeam } from '../../bridge/settings-bridge.js';
import type { TeamStatus } from '../../stores/settings-store.js';
import { FormActions, FormError, FormField } from './form-field.js';
import { useSubmit } from './use-submit.js';
import { useFormFields } from './use-form-fields.js';
import { required, serverUrl } from './validate.js';

const TOKEN_STATES: Record<TeamStatus['token'], { label: string; tone: BadgeTone }> = {
  accepted: { label: 'Connected', tone: 'success' },
  unreachable: { label: 'Server unreachable', tone: 'warning' },
  refused: { label: 'Token refused', tone: 'danger' },
  solo: { label: 'Working alone', tone: 'neutral' },
  none: { label: 'No team yet', tone: 'neutral' },
};

/** The team server: where this app stands, joining a team, and leaving it. */
export function TeamSection({ team, error }: { team: TeamStatus | null; error: string | null }) {
  if (!team)
    return error ? (
      <p className="settings-card__error">{error}</p>
    ) : (
      <p className="settings-muted" role="status">
        <Spinner size="sm" label={null} /> Asking the team server…
      </p>
    );
  const state = TOKEN_STATES[team.token];
  const inTeam = team.server !== null;
  return (
    <>
      <div className="settings-card">
        <div className="settings-card__row">
          <div className="settings-card__main">
            <p className="settings-card__title">
              {inTeam ? 'Team workspace' : 'This computer only'}
              <Badge tone={state.tone} dot>
                {state.label}
              </Badge>
            </p>
            {team.server ? (
              <p className="settings-card__meta settings-card__mono">{team.server}</p>
            ) : null}
            <p className="settings-card__meta">{team.summary}</p>
          </div>
        </div>
      </div>
      {inTeam ? <LeaveTeam unconfirmed={team.unconfirmed} /> : <JoinTeam />}
    </>
  );
}

type JoinField = 'serverUrl' | 'workspaceId' | 'token';

function JoinTeam() {
  const { values, valid, bind } = useFormFields<JoinField>({
    serverUrl: '',
    workspaceId: '',
    token: '',
  });
  const [leaveSoloWork, setLeaveSoloWork] = useState(false);
  const join = useSubmit();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = valid({
      serverUrl: serverUrl(values.serverUrl, ['ws', 'wss']),
      workspaceId: required(values.workspaceId, 'The workspace id'),
      token: required(values.token, 'The token'),
    });
    if (!checked) return;
    void join.submit(() =>
      joinTeam({
        serverUrl: values.serverUrl.trim(),
        workspaceId: values.workspaceId.trim(),
        token: values.token.trim(),
        ...(leaveSoloWork ? { leaveSoloWork } : {}),
      }),
    );
  };
  return (
    <form className="settings-card settings-form" onSubmit={onSubmit} noValidate>
      <h4 className="settings-card__title">Join a team</h4>
      <p className="settings-muted">
        Your admin gives you the server, the workspace and a token (switchboard server-admin
        add-member). What you triaged alone comes along.
      </p>
      <div className="settings-form__grid">
        <FormField
          label="Team server"
          {...bind('serverUrl')}
          placeholder="wss://team.example.com"
        />
        <FormField label="Workspace id" {...bind('workspaceId')} />
        <FormField label="Token" type="password" {...bind('token')} placeholder="sb_…" />
      </div>
      {join.error ? (
        <label className="settings-check">
          <input
            type="checkbox"
            checked={leaveSoloWork}
            onChange={(event) => setLeaveSoloWork(event.target.checked)}
          />
          Join anyway, leaving behind what cannot be carried
        </label>
      ) : null}
      <FormError message={join.error} />
      <FormActions busy={join.busy} submitLabel="Join team" />
    </form>
  );
}

function LeaveTeam({ unconfirmed }: { unconfirmed: number }) {
  const [confirming, setConfirming] = useState(false);
  const leave = useSubmit();
  const drop = leave.error !== null && unconfirmed > 0;
  if (!confirming)
    return (
      <div>
        <Button variant="ghost" onClick={() => setConfirming(true)}>
          Leave the team on this computer…
        </Button>
      </div>
    );
  return (
    <div className="settings-card settings-confirm">
      <p>
        The team’s assignments, notes and tags leave this computer; the mail stays. Teammates keep
        working as before.
      </p>
      <FormError message={leave.error} />
      <div className="settings-form__actions">
        <Button variant="ghost" onClick={() => setConfirming(false)} disabled={leave.busy}>
          Cancel
        </Button>
        <Button
          variant="danger"
          busy={leave.busy}
          onClick={() => void leave.submit(() => leaveTeam(drop ? { dropUnconfirmed: true } : {}))}
        >
          {drop ? `Leave, dropping ${unconfirmed} unsent changes` : 'Leave team'}
        </Button>
      </div>
    </div>
  );
}
