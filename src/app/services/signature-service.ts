import type { Signature } from '../../team/workspace/index.js';
import type { TeamWorkspace } from '../../team/client/team-workspace.js';
import type { AppContext } from '../app-context.js';
import type { MethodInput } from '../contract/inputs.js';
import type { SignatureInfo } from '../contract/outputs.js';

/**
 * The signatures kept in the workspace's settings: the team's (per mailbox, or for any), which
 * admins manage, and each member's own, which that member does. The outbox puts the one that
 * fits a message after its text (see `signatureFor`).
 */
export class SignatureService {
  constructor(private readonly app: AppContext) {}

  async list(): Promise<SignatureInfo[]> {
    const found = await this.app.team.read((team) =>
      team.workspace.settings.signatures().map((signature) => info(team, signature)),
    );
    return found ?? [];
  }

  async save(input: MethodInput<'signatures.save'>): Promise<SignatureInfo> {
    const team = await this.app.team.live();
    const saved = team.atomically(() =>
      team.workspace.settings.saveSignature({
        ...(input.id === undefined ? {} : { id: input.id }),
        name: input.name,
        text: input.text,
        mailbox: input.mailbox ?? null,
        personal: input.personal ?? false,
      }),
    );
    await team.session.confirmed(this.app.settings.teamConfirmMs).catch(() => false);
    return info(team, saved);
  }

  async remove(input: MethodInput<'signatures.remove'>): Promise<null> {
    const team = await this.app.team.live();
    team.atomically(() => team.workspace.settings.deleteSignature(input.id));
    await team.session.confirmed(this.app.settings.teamConfirmMs).catch(() => false);
    return null;
  }
}

/**
 * The signature a message from `mailbox` by `member` ends with: the member's own for that
 * mailbox, else their own for any, else the team's for that mailbox, else the team's for any.
 */
export function signatureFor(
  signatures: readonly Signature[],
  mailbox: string,
  member: string,
): Signature | undefined {
  const forMailbox = (signature: Signature) =>
    signature.mailbox?.toLowerCase() === mailbox.toLowerCase();
  const own = signatures.filter((signature) => signature.member === member);
  const team = signatures.filter((signature) => signature.member === null);
  return (
    own.find(forMailbox) ??
    own.find((signature) => signature.mailbox === null) ??
    team.find(forMailbox) ??
    team.find((signature) => signature.mailbox === null)
  );
}

function info(team: TeamWorkspace, signature: Signature): SignatureInfo {
  const member = signature.member ? team.workspace.team.member(signature.member) : undefined;
  return {
    id: signature.id,
    name: signature.name,
    text: signature.text,
    mailbox: signature.mailbox,
    member: member ? { id: member.id, name: member.name, email: member.email } : null,
  };
}
