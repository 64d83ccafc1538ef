import type { MethodInput, MethodName } from './contract/inputs.js';
import type { MethodOutput } from './contract/outputs.js';
import type { AccountService } from './services/account-service.js';
import type { MailService } from './services/mail-service.js';
import type { MessageService } from './services/message-service.js';
import type { DraftService } from './services/draft-service.js';
import type { LinkService } from './services/link-service.js';
import type { OutboxService } from './services/outbox-service.js';
import type { SessionService } from './services/session-service.js';
import type { SignatureService } from './services/signature-service.js';
import type { TeamService } from './services/team-service.js';
import type { TriageService } from './services/triage-service.js';
import type { SyncService } from './services/sync-service.js';

/** The services behind the facade, one per part of the contract. */
export interface Services {
  session: SessionService;
  accounts: AccountService;
  mail: MailService;
  messages: MessageService;
  triage: TriageService;
  team: TeamService;
  sync: SyncService;
  outbox: OutboxService;
  drafts: DraftService;
  signatures: SignatureService;
  links: LinkService;
}

type Handler<M extends MethodName> = (
  services: Services,
  input: MethodInput<M>,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** Which service answers each method of the contract (its input already checked). */
export const METHOD_HANDLERS: Partial<{ [M in MethodName]: Handler<M> }> = {
  'session.whoami': (s) => s.session.whoami(),
  'accounts.list': (s) => s.accounts.list(),
  'accounts.add': (s, input) => s.accounts.add(input),
  'accounts.edit': (s, input) => s.accounts.edit(input),
  'accounts.remove': (s, input) => s.accounts.remove(input),
  'accounts.testConnection': (s, input) => s.accounts.testConnection(input),
  'mail.folders': (s, input) => s.mail.folders(input),
  'mail.conversations': (s, input) => s.mail.conversations(input),
  'mail.counts': (s, input) => s.mail.counts(input),
  'mail.conversation': (s, input) => s.mail.conversation(input),
  'mail.search': (s, input) => s.mail.search(input),
  'mail.mark': (s, input) => s.mail.mark(input),
  'mail.attachment': (s, input) => s.mail.attachment(input),
  'mail.message': (s, input) => s.messages.message(input),
  'triage.assign': (s, input) => s.triage.assign(input),
  'triage.setStatus': (s, input) => s.triage.setStatus(input),
  'triage.tag': (s, input) => s.triage.tag(input),
  'triage.note': (s, input) => s.triage.note(input),
  'team.status': (s) => s.team.status(),
  'team.join': (s, input) => s.team.join(input),
  'team.leave': (s, input) => s.team.leave(input),
  'team.discard': (s) => s.team.discard(),
  'team.members': (s) => s.team.members(),
  'team.tags': (s) => s.team.tags(),
  'team.presence': (s) => s.team.presence(),
  'team.setViewing': (s, input) => s.team.setViewing(input),
  'team.setTyping': (s, input) => s.team.setTyping(input),
  'team.setPermission': (s, input) => s.team.setPermission(input),
  'team.defineTag': (s, input) => s.team.defineTag(input),
  'team.editTag': (s, input) => s.team.editTag(input),
  'drafts.open': (s, input) => s.drafts.open(input),
  'drafts.edit': (s, input) => s.drafts.edit(input),
  'drafts.update': (s, input) => s.drafts.update(input),
  'drafts.awareness': (s, input) => s.drafts.awareness(input),
  'drafts.close': (s, input) => s.drafts.close(input),
  'drafts.discard': (s, input) => s.drafts.discard(input),
  'outbox.reply': (s, input) => s.outbox.reply(input),
  'outbox.forward': (s, input) => s.outbox.forward(input),
  'outbox.compose': (s, input) => s.outbox.compose(input),
  'outbox.list': (s) => s.outbox.list(),
  'outbox.cancel': (s, input) => s.outbox.cancel(input),
  'outbox.resend': (s, input) => s.outbox.resend(input),
  'outbox.sendAnyway': (s, input) => s.outbox.sendAnyway(input),
  'canned.list': (s) => s.outbox.cannedList(),
  'canned.add': (s, input) => s.outbox.cannedAdd(input),
  'signatures.list': (s) => s.signatures.list(),
  'signatures.save': (s, input) => s.signatures.save(input),
  'signatures.remove': (s, input) => s.signatures.remove(input),
  'sync.runOnce': (s) => s.sync.runOnce(),
  'sync.start': (s) => s.sync.start(),
  'sync.stop': (s) => s.sync.stop(),
  'sync.status': (s) => s.sync.status(),
  'links.open': (s, input) => s.links.open(input),
  'links.take': (s) => s.links.take(),
};
