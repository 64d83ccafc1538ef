import type * as Y from 'yjs';
import { coreMap } from './core-doc.js';
import { WorkspaceError } from './errors.js';
import { checkLocalId, newLocalId, normalizeEmail } from './identifiers.js';
import type { CannedResponse, Signature, TagDefinition } from './model.js';
import type { Team } from './team.js';

/*
 * Shared settings in the core document: tag definitions, canned responses, signatures (rules
 * come later). One plain value per item, replaced whole on change: admins edit these rarely, and
 * two admins editing the same item at the same time converge to one of the two versions.
 *
 * A tag's id is derived from its name when it is defined (`Urgent` → `urgent`), so two admins
 * defining the same tag while offline end up with one tag, not two. Renaming keeps the id.
 */

const COLOR = /^#[0-9a-f]{6}$/;

/**
 * The color of a tag defined on the way, by name, as a conversation is tagged (an admin's
 * `tag ID +new`, solo work carried without one): a neutral grey, recolored later at leisure.
 */
export const NEW_TAG_COLOR = '#6b7280';

function text(what: string, value: string, max: number, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && !value.trim()) || value.length > max) {
    throw new WorkspaceError('invalid', `not a valid ${what}`);
  }
  return value;
}

function color(value: string): string {
  const lower = typeof value === 'string' ? value.toLowerCase() : '';
  if (!COLOR.test(lower))
    throw new WorkspaceError('invalid', `not a color (#rrggbb): ${JSON.stringify(value)}`);
  return lower;
}

function slug(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base || 'tag';
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export class Settings {
  private readonly tagMap: Y.Map<unknown>;
  private readonly cannedMap: Y.Map<unknown>;
  private readonly signatureMap: Y.Map<unknown>;

  constructor(
    private readonly doc: Y.Doc,
    private readonly team: Team,
  ) {
    this.tagMap = coreMap(doc, 'tags');
    this.cannedMap = coreMap(doc, 'canned');
    this.signatureMap = coreMap(doc, 'signatures');
  }

  tags(): TagDefinition[] {
    const tags: TagDefinition[] = [];
    this.tagMap.forEach((_value, id) => {
      const tag = this.tag(id);
      if (tag) tags.push(tag);
    });
    return tags.sort((a, b) => a.name.localeCompare(b.name));
  }

  tag(id: string): TagDefinition | undefined {
    const value = this.tagMap.get(id) as Record<string, unknown> | undefined;
    if (typeof value !== 'object' || value === null) return undefined;
    return { id, name: str(value.name) || id, color: str(value.color) || '#888888' };
  }

  hasTag(id: string): boolean {
    return this.tagMap.has(id);
  }

  /** The tag with this name, ignoring case. */
  tagByName(name: string): TagDefinition | undefined {
    const wanted = name.trim().toLowerCase();
    return this.tags().find((tag) => tag.name.toLowerCase() === wanted);
  }

  /** The color this workspace gives a tag defined on the way (see NEW_TAG_COLOR). */
  newTagColor(): string {
    return NEW_TAG_COLOR;
  }

  defineTag(input: { name: string; color: string }): TagDefinition {
    const tag = this.planTag(input);
    this.putTag(tag);
    return tag;
  }

  /**
   * Checks a new tag (an admin's, a valid name and color, no tag of that name yet) and picks its
   * id, writing nothing; `putTag` writes it. `alsoTaken`: ids planned alongside, not written yet.
   */
  planTag(
    input: { name: string; color: string },
    alsoTaken: ReadonlySet<string> = new Set(),
  ): TagDefinition {
    this.team.requireAdmin('define tags');
    const name = text('tag name', input.name, 100).trim();
    const value = { name, color: color(input.color) };
    if (this.tagByName(name)) throw new WorkspaceError('invalid', `a tag named ${name} exists`);
    const taken = (id: string) => this.tagMap.has(id) || alsoTaken.has(id);
    let id = slug(name);
    for (let n = 2; taken(id); n += 1) id = `${slug(name)}-${n}`;
    return { id, ...value };
  }

  /** Writes a tag `planTag` checked. */
  putTag(tag: TagDefinition): void {
    this.tagMap.set(tag.id, { name: tag.name, color: tag.color });
  }

  /** Runs `fn` in one transaction of the core document (one update for all it writes). */
  transact(fn: () => void): void {
    this.doc.transact(fn);
  }

  updateTag(id: string, patch: { name?: string; color?: string }): TagDefinition {
    this.team.requireAdmin('change tags');
    const tag = this.tag(id);
    if (!tag) throw new WorkspaceError('not-found', `no tag ${id}`);
    const name = patch.name === undefined ? tag.name : text('tag name', patch.name, 100).trim();
    const other = this.tagByName(name);
    if (other && other.id !== id) throw new WorkspaceError('invalid', `a tag named ${name} exists`);
    const value = { name, color: patch.color === undefined ? tag.color : color(patch.color) };
    this.tagMap.set(id, value);
    return { id, ...value };
  }

  /** Conversations keep the tag's id stored, but no longer list it. */
  deleteTag(id: string): void {
    this.team.requireAdmin('delete tags');
    if (!this.tagMap.has(id)) throw new WorkspaceError('not-found', `no tag ${id}`);
    this.tagMap.delete(id);
  }

  cannedResponses(): CannedResponse[] {
    const all: CannedResponse[] = [];
    this.cannedMap.forEach((value, id) => {
      if (typeof value === 'object' && value !== null) {
        const v = value as Record<string, unknown>;
        all.push({ id, title: str(v.title), text: str(v.text) });
      }
    });
    return all.sort((a, b) => a.title.localeCompare(b.title));
  }

  /** Creates (no id) or replaces a canned response; returns it. */
  saveCannedResponse(input: { id?: string; title: string; text: string }): CannedResponse {
    this.team.requireAdmin('manage canned responses');
    const id = input.id === undefined ? newLocalId() : checkLocalId(input.id);
    if (input.id !== undefined && !this.cannedMap.has(id))
      throw new WorkspaceError('not-found', `no canned response ${id}`);
    const value = {
      title: text('title', input.title, 200).trim(),
      text: text('text', input.text, 100_000),
    };
    this.cannedMap.set(id, value);
    return { id, ...value };
  }

  deleteCannedResponse(id: string): void {
    this.team.requireAdmin('manage canned responses');
    if (!this.cannedMap.has(id)) throw new WorkspaceError('not-found', `no canned response ${id}`);
    this.cannedMap.delete(id);
  }

  signatures(): Signature[] {
    const all: Signature[] = [];
    this.signatureMap.forEach((value, id) => {
      if (typeof value === 'object' && value !== null) {
        const v = value as Record<string, unknown>;
        all.push({
          id,
          name: str(v.name),
          text: str(v.text),
          mailbox: str(v.mailbox) || null,
          member: str(v.member) || null,
        });
      }
    });
    return all.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Saves a signature: the team's (admins only), or with `personal` the acting member's own
   * (any member who writes), which their messages use before the team's.
   */
  saveSignature(input: {
    id?: string;
    name: string;
    text: string;
    mailbox?: string | null;
    personal?: boolean;
  }): Signature {
    const member = input.personal ? this.team.actor : null;
    const id = input.id === undefined ? newLocalId() : checkLocalId(input.id);
    const existing = input.id === undefined ? undefined : this.signature(id);
    if (input.id !== undefined && !existing)
      throw new WorkspaceError('not-found', `no signature ${id}`);
    this.requireSignatureRights(member);
    if (existing) this.requireSignatureRights(existing.member);
    const mailbox = input.mailbox ? normalizeEmail(input.mailbox) : null;
    const value = {
      name: text('name', input.name, 200).trim(),
      text: text('text', input.text, 100_000, true),
      mailbox,
      member,
    };
    this.signatureMap.set(id, value);
    return { id, ...value };
  }

  deleteSignature(id: string): void {
    const existing = this.signature(id);
    if (!existing) {
      this.team.requireWriter('manage signatures');
      throw new WorkspaceError('not-found', `no signature ${id}`);
    }
    this.requireSignatureRights(existing.member);
    this.signatureMap.delete(id);
  }

  private signature(id: string): Signature | undefined {
    return this.signatures().find((signature) => signature.id === id);
  }

  /** The team's signatures are the admins' to manage; a member's own, that member's. */
  private requireSignatureRights(member: string | null): void {
    if (member !== null && member === this.team.actor) this.team.requireWriter('edit signatures');
    else if (member !== null)
      throw new WorkspaceError('forbidden', "a teammate's own signature is theirs to change");
    else this.team.requireAdmin('manage signatures');
  }
}
