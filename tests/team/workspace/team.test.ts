import { describe, expect, it } from 'vitest';
import { MemoryDocSource, Workspace } from '../../../src/team/workspace/index.js';
import { errorCode, syncAll, team, WORKSPACE_ID } from './support/peers.js';

describe('team and settings (core document)', () => {
  it('creates a workspace with its creator as the only admin, once', async () => {
    const { admin } = await team();
    expect(admin.ws.shardCount).toBe(32);
    expect(admin.ws.team.member('admin')).toMatchObject({
      name: 'Ada Admin',
      email: 'ada@example.com',
      role: 'admin',
      removed: false,
    });
    await expect(
      Workspace.create(admin.source, {
        workspaceId: WORKSPACE_ID,
        actor: 'x',
        admin: { name: 'X', email: 'x@example.com' },
      }),
    ).rejects.toMatchObject({ code: 'already-initialized' });
  });

  it('lets only admins manage members and mailbox permissions', async () => {
    const { admin, alice, vic } = await team();
    expect(admin.ws.team.members().map((m) => [m.id, m.role])).toEqual([
      ['admin', 'admin'],
      ['alice', 'agent'],
      ['bob', 'agent'],
      ['vic', 'viewer'],
    ]);
    expect(
      errorCode(() =>
        alice.ws.team.addMember({
          id: 'eve',
          name: 'Eve',
          email: 'eve@example.com',
          role: 'admin',
        }),
      ),
    ).toBe('forbidden');
    expect(errorCode(() => vic.ws.team.updateMember('vic', { role: 'admin' }))).toBe('forbidden');
    expect(
      errorCode(() =>
        alice.ws.team.setMailboxPermission('alice', 'support@example.com', 'full-access'),
      ),
    ).toBe('forbidden');

    admin.ws.team.setMailboxPermission('alice', 'Support@Example.com', 'send-as');
    admin.ws.team.setMailboxPermission('vic', 'support@example.com', 'read-only');
    expect(admin.ws.team.member('alice')?.mailboxes).toEqual({ 'support@example.com': 'send-as' });
    expect(admin.ws.team.mailboxPermission('vic', 'SUPPORT@example.com')).toBe('read-only');
    admin.ws.team.setMailboxPermission('vic', 'support@example.com', 'no-access');
    expect(admin.ws.team.mailboxPermission('vic', 'support@example.com')).toBe('no-access');
    // A mailbox nobody set anything for: the role's default (admins and agents work it,
    // viewers read it), also after a permission is taken back.
    admin.ws.team.setMailboxPermission('vic', 'support@example.com', null);
    expect(admin.ws.team.mailboxPermission('vic', 'support@example.com')).toBe('read-only');
    expect(admin.ws.team.mailboxPermission('alice', 'sales@example.com')).toBe('full-access');
    expect(admin.ws.team.mailboxPermission('nobody', 'sales@example.com')).toBeUndefined();

    expect(
      errorCode(() =>
        admin.ws.team.addMember({
          id: 'eve',
          name: 'Eve',
          email: 'ALICE@example.com',
          role: 'agent',
        }),
      ),
    ).toBe('invalid');
    expect(
      errorCode(() =>
        admin.ws.team.addMember({
          id: 'bad:id',
          name: 'Eve',
          email: 'eve@example.com',
          role: 'agent',
        }),
      ),
    ).toBe('invalid');
    expect(errorCode(() => admin.ws.team.updateMember('nobody', { name: 'N' }))).toBe('not-found');
    expect(admin.ws.team.updateMember('alice', { name: 'Alice A.', role: 'admin' })).toMatchObject({
      name: 'Alice A.',
      role: 'admin',
    });
  });

  it('keeps removed members known by name, and always one admin', async () => {
    const { admin } = await team();
    expect(errorCode(() => admin.ws.team.removeMember('admin'))).toBe('invalid');
    expect(errorCode(() => admin.ws.team.updateMember('admin', { role: 'agent' }))).toBe('invalid');
    admin.ws.team.removeMember('bob');
    expect(admin.ws.team.members().map((m) => m.id)).not.toContain('bob');
    expect(admin.ws.team.member('bob')).toMatchObject({ name: 'Bob', removed: true });
    expect(admin.ws.team.roleOf('bob')).toBeUndefined();
    admin.ws.team.addMember({
      id: 'bob',
      name: 'Bob Again',
      email: 'bob@example.com',
      role: 'agent',
    });
    expect(admin.ws.team.member('bob')).toMatchObject({ name: 'Bob Again', removed: false });
  });

  it('refuses every write of someone who is not a member', async () => {
    const { admin } = await team();
    const stranger = new MemoryDocSource();
    syncAll(admin.source, stranger);
    const ws = await Workspace.open(stranger, { workspaceId: WORKSPACE_ID, actor: 'mallory' });
    expect(errorCode(() => ws.settings.defineTag({ name: 'X', color: '#000000' }))).toBe(
      'not-member',
    );
    const c = await ws.conversation('c0123456789abcdef0123456');
    expect(errorCode(() => c.setStatus('closed'))).toBe('not-member');
  });

  it('manages tags, canned responses and signatures (admins only)', async () => {
    const { admin, alice } = await team();
    const s = admin.ws.settings;
    expect(s.tags().map((t) => [t.id, t.name, t.color])).toEqual([
      ['billing', 'Billing', '#00aa00'],
      ['urgent', 'Urgent', '#ff0000'],
    ]);
    expect(errorCode(() => s.defineTag({ name: 'urgent', color: '#000000' }))).toBe('invalid');
    expect(errorCode(() => s.defineTag({ name: 'Ümlaut tag', color: 'red' }))).toBe('invalid');
    expect(s.defineTag({ name: 'Ümlaut tag!', color: '#ABCDEF' })).toEqual({
      id: 'umlaut-tag',
      name: 'Ümlaut tag!',
      color: '#abcdef',
    });
    expect(s.updateTag('urgent', { name: 'Very urgent' })).toEqual({
      id: 'urgent',
      name: 'Very urgent',
      color: '#ff0000',
    });
    expect(s.defineTag({ name: 'Urgent', color: '#111111' }).id).toBe('urgent-2');
    expect(s.tagByName('very URGENT')?.id).toBe('urgent');
    expect(errorCode(() => alice.ws.settings.defineTag({ name: 'Mine', color: '#000000' }))).toBe(
      'forbidden',
    );

    const canned = s.saveCannedResponse({ title: 'Thanks', text: 'Thanks for writing!' });
    s.saveCannedResponse({ id: canned.id, title: 'Thanks', text: 'Thank you for writing!' });
    expect(s.cannedResponses()).toEqual([
      { id: canned.id, title: 'Thanks', text: 'Thank you for writing!' },
    ]);
    const sig = s.saveSignature({
      name: 'Support',
      text: '-- \nThe support team',
      mailbox: 'Support@example.com',
    });
    expect(s.signatures()).toEqual([
      {
        id: sig.id,
        name: 'Support',
        text: '-- \nThe support team',
        mailbox: 'support@example.com',
        member: null,
      },
    ]);
    expect(errorCode(() => alice.ws.settings.saveSignature({ name: 'Mine', text: 'x' }))).toBe(
      'forbidden',
    );
    // An agent's own signature is theirs: saved, changed and deleted by them, by nobody else.
    const own = alice.ws.settings.saveSignature({
      name: 'Alice',
      text: 'Alice, support',
      personal: true,
    });
    expect(own.member).toBe(alice.ws.actor);
    syncAll(admin.source, alice.source);
    expect(errorCode(() => s.saveSignature({ id: own.id, name: 'Hijack', text: 'x' }))).toBe(
      'forbidden',
    );
    expect(errorCode(() => s.deleteSignature(own.id))).toBe('forbidden');
    alice.ws.settings.deleteSignature(own.id);
    syncAll(admin.source, alice.source);
    expect(errorCode(() => alice.ws.settings.deleteCannedResponse(canned.id))).toBe('forbidden');
    s.deleteCannedResponse(canned.id);
    s.deleteSignature(sig.id);
    expect(errorCode(() => s.deleteSignature(sig.id))).toBe('not-found');
    expect([s.cannedResponses(), s.signatures()]).toEqual([[], []]);
  });
});
