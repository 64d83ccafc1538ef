import type { AppEvent, AppEventOf, AppEventType } from '../../../src/app/contract/events.js';
import type { SwitchboardOptions } from '../../../src/app/open-switchboard.js';
import { createWorkspaceWithDocument } from '../../../src/server/create-workspace.js';
import type { SyncServerOptions } from '../../../src/server/start-sync-server.js';
import { appendMessage, startDovecot, type Dovecot } from '../../helpers/dovecot.js';
import { until } from '../../helpers/wait.js';
import { startTestServer, type TestServer } from '../../server/support/test-server.js';
import {
  startSmtpServer,
  USER as SMTP_USER,
  type TestSmtpServer,
} from '../../smtp/support/test-smtp-server.js';
import { customerMail } from '../../team/support/customer-mail.js';
import { openSyncedFacade, type SyncedFacade } from './synced-facade.js';

/*
 * Teammates for the facade's team tests: a real sync server with a workspace (its core document
 * made, as `server-admin create-workspace` makes it), and facades over data directories that
 * synced the same Dovecot mailbox, each joined as a member.
 */

/** The Dovecot user every teammate's data directory syncs (support@example.com). */
export const USER = 'support';

/** Short waits for the team server, so that "queued" does not take the default 5 s. */
export const TEAM_SETTINGS: SwitchboardOptions['settings'] = {
  teamConfirmMs: 3000,
  teamSyncMs: 3000,
};

/** A Dovecot mailbox (USER) with two customers' messages, subjects Refund and Printer. */
export async function startMailbox(): Promise<Dovecot> {
  const dovecot = await startDovecot({ users: [{ user: USER, password: 'secret' }] });
  await appendMessage(dovecot, USER, 'INBOX', customerMail('refund@customer.example', 'Refund'));
  await appendMessage(dovecot, USER, 'INBOX', customerMail('printer@customer.example', 'Printer'));
  return dovecot;
}

/** The two conversations' ids, as `facade` lists them (the same on every teammate's machine). */
export async function conversationsOf(
  facade: SyncedFacade,
): Promise<{ refund: string; printer: string }> {
  const listed = await facade.app.mail.conversations({});
  const id = (subject: string) => listed.find((row) => row.subject === subject)!.id;
  return { refund: id('Refund'), printer: id('Printer') };
}

/** Closes the facades, then the team server and Dovecot (what of them was started). */
export async function closeAll(
  facades: ReadonlyArray<SyncedFacade | undefined>,
  team: Team | undefined,
  dovecot: Dovecot | undefined,
): Promise<void> {
  for (const facade of facades) await facade?.close();
  await team?.server.close();
  await dovecot?.stop();
}

export interface Team {
  server: TestServer;
  workspaceId: string;
  /** The workspace's first admin, Ada <ada@example.com>. */
  adminToken: string;
  addMember(
    name: string,
    role?: 'admin' | 'agent' | 'viewer',
  ): { memberId: string; token: string; email: string };
}

export async function startTeam(options: Partial<SyncServerOptions> = {}): Promise<Team> {
  const server = await startTestServer(options);
  const { workspaceId, token: adminToken } = createWorkspaceWithDocument(server.db, 'Support', {
    name: 'Ada',
    email: 'ada@example.com',
  });
  return {
    server,
    workspaceId,
    adminToken,
    addMember: (name, role = 'agent') => ({
      ...server.directory.addMember(workspaceId, { name, email: `${name}@example.com`, role }),
      email: `${name}@example.com`,
    }),
  };
}

/** A facade whose data directory synced the mailbox and joined the team with `token`. */
export async function teammate(
  dovecot: Dovecot,
  team: Team,
  token: string,
  options: Pick<SwitchboardOptions, 'clock'> = {},
): Promise<SyncedFacade> {
  const facade = await openSyncedFacade(dovecot, USER, { ...options, settings: TEAM_SETTINGS });
  await facade.app.team.join({
    serverUrl: team.server.url,
    workspaceId: team.workspaceId,
    token,
  });
  return facade;
}

/**
 * The mailbox, and a team on it with Ada (its admin) and Ben (an agent), both online as a running
 * app is (each gets the other's changes as they are made), Ben listed in Ada's directory.
 */
export async function onlineAdaAndBen(): Promise<{
  dovecot: Dovecot;
  team: Team;
  ada: SyncedFacade;
  ben: SyncedFacade;
}> {
  const dovecot = await startMailbox();
  const team = await startTeam();
  const ada = await teammate(dovecot, team, team.adminToken);
  const ben = await teammate(dovecot, team, team.addMember('ben', 'agent').token);
  for (const facade of [ada, ben]) await facade.app.team.presence();
  await until('Ben in Ada’s directory', async () => (await ada.app.team.members()).length === 2);
  return { dovecot, team, ada, ben };
}

/**
 * The first event of `type` that `match` takes among those emitted from `from` on (an index into
 * `facade.events`: what was told before a call is not its answer), waited for.
 */
export function eventOf<T extends AppEventType>(
  facade: { events: AppEvent[] },
  type: T,
  match: (event: AppEventOf<T>) => boolean = () => true,
  from = 0,
): Promise<AppEventOf<T>> {
  return until(
    () => `a ${type} event (told: ${JSON.stringify(facade.events.slice(from))})`,
    () =>
      facade.events
        .slice(from)
        .find(
          (event): event is AppEventOf<T> => event.type === type && match(event as AppEventOf<T>),
        ),
  );
}

/** Whether the event says these conversations changed, from this source. */
export const changedFrom =
  (source: 'local' | 'team' | 'mail', id: string) =>
  (event: AppEventOf<'conversations.changed'>): boolean =>
    event.source === source && event.conversationIds.includes(id);

/**
 * Ada (the admin) and Ben (an agent), teammates over `team` on the shared mailbox, whose account
 * sends through `smtp` (tests/smtp/support/test-smtp-server.ts) on both machines.
 */
export async function sendingTeammates(
  dovecot: Dovecot,
  team: Team,
  smtpPort: number,
  smtpUser: string,
  /** Ben's facade's own options (a clock of his own). */
  benOptions: Pick<SwitchboardOptions, 'clock'> = {},
): Promise<{ ada: SyncedFacade; ben: SyncedFacade }> {
  const ada = await teammate(dovecot, team, team.adminToken);
  const ben = await teammate(dovecot, team, team.addMember('ben').token, benOptions);
  const smtpUrl = `smtp://${encodeURIComponent(smtpUser)}@127.0.0.1:${smtpPort}`;
  for (const facade of [ada, ben])
    await facade.app.accounts.edit({ account: facade.account.id, smtpUrl });
  return { ada, ben };
}

/** What the facade's sending tests share: the mailbox, an SMTP server, the team, Ada and Ben. */
export interface SendingTeam {
  dovecot: Dovecot;
  smtp: TestSmtpServer;
  team: Team;
  ada: SyncedFacade;
  ben: SyncedFacade;
  /** Stops all of it. */
  close(): Promise<void>;
}

/**
 * Dovecot (startMailbox), an SMTP server, the team server (`teamOptions`) and Ada and Ben
 * sending through it (sendingTeammates, Ben's facade with `benOptions`). What started before a
 * failure is stopped again.
 */
export async function startSendingTeam(
  options: {
    teamOptions?: Partial<SyncServerOptions>;
    benOptions?: Pick<SwitchboardOptions, 'clock'>;
  } = {},
): Promise<SendingTeam> {
  const started: Partial<SendingTeam> = {};
  const close = async () => {
    await closeAll([started.ada, started.ben], started.team, started.dovecot);
    await started.smtp?.stop();
  };
  try {
    started.dovecot = await startMailbox();
    started.smtp = await startSmtpServer();
    started.team = await startTeam(options.teamOptions);
    Object.assign(
      started,
      await sendingTeammates(
        started.dovecot,
        started.team,
        started.smtp.port,
        SMTP_USER,
        options.benOptions,
      ),
    );
  } catch (error) {
    await close();
    throw error;
  }
  return { ...(started as Omit<SendingTeam, 'close'>), close };
}
