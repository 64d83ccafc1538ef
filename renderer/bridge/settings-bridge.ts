import type { MethodInput } from '../../src/app/index.js';
import { appLink, type AppLink } from '../app-link.js';
import { useSettingsStore, type SettingsData } from '../stores/settings-store.js';
import { isUnreachable, messageOf, onEvents, onReconnect, stopAll } from './link-events.js';

type Part = keyof SettingsData;

/** How each part of the settings is asked for. */
const ASK: { [P in Part]: (link: AppLink) => Promise<SettingsData[P]> } = {
  actor: (link) => link.call('session.whoami'),
  team: (link) => link.call('team.status'),
  members: (link) => link.call('team.members'),
  tags: (link) => link.call('team.tags'),
  canned: (link) => link.call('canned.list'),
  signatures: (link) => link.call('signatures.list'),
};

/** Asks for some parts again and puts each answer in as it comes. */
async function reload(link: AppLink, parts: readonly Part[]): Promise<void> {
  await Promise.all(
    parts.map(async (part) => useSettingsStore.getState().patch({ [part]: await ASK[part](link) })),
  );
}

/**
 * While the settings are open: everything they show, loaded (the team's status apart: the team
 * server may take a moment to answer, and the rest shows before it), then kept current from the
 * app's events. Returns what stops it.
 */
export function startSettingsBridge(link: AppLink): () => void {
  const loadAll = async () => {
    let teamStatus: SettingsData['team'] = null;
    const team = ASK.team(link).then(
      (status) => {
        teamStatus = status;
        useSettingsStore.getState().patch({ team: status });
      },
      (error: unknown) => useSettingsStore.getState().setTeamError(messageOf(error)),
    );
    try {
      const [actor, members, tags, canned, signatures] = await Promise.all([
        ASK.actor(link),
        ASK.members(link),
        ASK.tags(link),
        ASK.canned(link),
        ASK.signatures(link),
      ]);
      useSettingsStore
        .getState()
        .setData({ actor, team: teamStatus, members, tags, canned, signatures });
      await team;
    } catch (error) {
      if (!isUnreachable(error)) useSettingsStore.getState().setFailed(messageOf(error));
    }
  };
  const again = () => void loadAll();
  again();
  return stopAll([
    onEvents(link, ['team.directory'], (event) => {
      // The workspace's name comes with who this app acts as (session.whoami).
      const part = event.what === 'workspace' ? 'actor' : event.what;
      void reload(link, [part]).catch(() => {});
    }),
    onEvents(
      link,
      ['sync.team', 'connection.changed'],
      () => void reload(link, ['team']).catch(() => {}),
    ),
    onReconnect(link, again),
  ]);
}

/*
 * The changes the settings make: each calls the app, then shows what it answers now (the app's
 * own events confirm it later). A refusal is thrown with the app's message, for the form to show.
 */

export async function joinTeam(input: MethodInput<'team.join'>): Promise<void> {
  await appLink().call('team.join', input);
  await reload(appLink(), ['actor', 'team', 'members', 'tags', 'canned', 'signatures']);
}

export async function leaveTeam(input: MethodInput<'team.leave'>): Promise<void> {
  await appLink().call('team.leave', input);
  await reload(appLink(), ['actor', 'team', 'members', 'tags', 'canned', 'signatures']);
}

export async function setPermission(input: MethodInput<'team.setPermission'>): Promise<void> {
  await appLink().call('team.setPermission', input);
  await reload(appLink(), ['members']);
}

export async function defineTag(input: MethodInput<'team.defineTag'>): Promise<void> {
  await appLink().call('team.defineTag', input);
  await reload(appLink(), ['tags']);
}

export async function editTag(input: MethodInput<'team.editTag'>): Promise<void> {
  await appLink().call('team.editTag', input);
  await reload(appLink(), ['tags']);
}

export async function addCanned(input: MethodInput<'canned.add'>): Promise<void> {
  await appLink().call('canned.add', input);
  await reload(appLink(), ['canned']);
}

export async function saveSignature(input: MethodInput<'signatures.save'>): Promise<void> {
  await appLink().call('signatures.save', input);
  await reload(appLink(), ['signatures']);
}

export async function removeSignature(id: string): Promise<void> {
  await appLink().call('signatures.remove', { id });
  await reload(appLink(), ['signatures']);
}
