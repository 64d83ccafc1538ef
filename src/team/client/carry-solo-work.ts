import type { Db } from '../../db/open-database.js';
import { UserError } from '../../errors.js';
import {
  effectiveStatus,
  parseRoom,
  type ConversationEdit,
  type ConversationState,
  type ConversationStatus,
  type Note,
  type TagDefinition,
  type Workspace,
} from '../workspace/index.js';
import type { SoloMember } from './embedded-server.js';
import { ReplicaStore } from './replica-store.js';
import type { TeamConfig } from './team-config.js';
import { TeamWorkspace } from './team-workspace.js';

/*
 * Solo work joins the team (`switchboard team join` from a data directory that triaged alone):
 * what the solo member did is done again in the team workspace as the joining member, so that
 * nothing made alone vanishes from `show` and the teammates see it.
 *
 * - The solo member becomes the joining member: an assignment to the one goes to the other.
 * - Tags go by name to the team's tags; one the team has not defined is defined by an admin who
 *   joins (with its solo color), but an agent cannot define tags: it cannot be carried.
 * - A status or an assignment the team has set otherwise already is the team's decision, made
 *   since: it stays, and the solo one cannot be carried. Tags add up; notes are added, each
 *   keeping its id and time (a join run again writes none twice).
 * - A viewer changes nothing: nothing can be carried.
 * - Followers and the solo activity log are not carried: each carried change logs its own.
 *
 * What cannot be carried is counted and shown, and the join asks before leaving it behind (the
 * solo workspace stays stored in the replica either way; it is only no longer shown).
 */

/** What the solo member did to one conversation. */
export interface SoloConversation {
  conversationId: string;
  /** As it reads now: a snooze whose time has passed is open, nothing to carry. */
  status: ConversationStatus;
  snoozedUntil: number | null;
  /** Assigned to the solo member (the only member a solo workspace has). */
  assigned: boolean;
  tags: TagDefinition[];
  notes: Note[];
}

/** Reads the solo workspace's work from the replica (no connection). */
export async function readSoloWork(
  db: Db,
  dataDir: string,
  solo: TeamConfig,
  me: SoloMember,
  now: number,
): Promise<SoloConversation[]> {
  const shards = new Set(
    new ReplicaStore(db).storedRooms(solo.workspaceId).flatMap((room) => {
      const parsed = parseRoom(room);
      return parsed && (parsed.kind === 'state' || parsed.kind === 'timeline')
        ? [parsed.shard]
        : [];
    }),
  );
  if (shards.size === 0) return [];
  // The core is stored whenever anything else is (a change needs it): here, it opens at once.
  const team = await TeamWorkspace.open(db, dataDir, { me, online: false, config: solo });
  try {
    const { workspace } = team;
    const work = new Map<string, SoloConversation>();
    const entry = (conversationId: string) => {
      let found = work.get(conversationId);
      if (!found) {
        found = {
          conversationId,
          status: 'open',
          snoozedUntil: null,
          assigned: false,
          tags: [],
          notes: [],
        };
        work.set(conversationId, found);
      }
      return found;
    };
    for (const shard of [...shards].sort((a, b) => a - b)) {
      for (const state of await workspace.shardStates(shard)) {
        const status = effectiveStatus(state, now);
        const assigned = state.assignee === workspace.actor;
        const tags = state.tags.flatMap((id) => workspace.settings.tag(id) ?? []);
        if (status === 'open' && !assigned && tags.length === 0) continue;
        Object.assign(entry(state.conversationId), {
          status,
          snoozedUntil: status === 'snoozed' ? state.snoozedUntil : null,
          assigned,
          tags,
        });
      }
      for (const note of await workspace.shardNotes(shard))
        entry(note.conversationId).notes.push(note);
      await workspace.releaseShard(shard);
    }
    return [...work.values()];
  } finally {
    await team.close();
  }
}

/** The edits that carry solo work into the team workspace, and what they cannot carry. */
export interface CarryPlan {
  edits: Map<string, ConversationEdit[]>;
  /** What would be left behind, one phrase per reason, with counts; empty: everything goes. */
  leftBehind: string[];
  /** What the edits carry, for the user. */
  summary: string;
}

/**
 * Plans the carrying of `work` into `workspace` as its actor, the team's current state of each
 * conversation in `states`.
 */
export function planCarry(
  work: readonly SoloConversation[],
  workspace: Workspace,
  states: ReadonlyMap<string, ConversationState>,
  now: number,
): CarryPlan {
  const { team, settings, actor } = workspace;
  const role = team.roleOf(actor);
  if (role !== 'admin' && role !== 'agent')
    return {
      edits: new Map(),
      leftBehind: [
        `the solo work on ${count(work.length, 'conversation')} (a viewer changes nothing)`,
      ],
      summary: '',
    };
  const edits = new Map<string, ConversationEdit[]>();
  const carried = { statuses: 0, assignments: 0, tags: 0, notes: 0 };
  const conflicts = { statuses: 0, assignments: 0 };
  const undefinedTags = new Map<string, number>();
  for (const solo of work) {
    const state = states.get(solo.conversationId);
    const teamStatus = state ? effectiveStatus(state, now) : 'open';
    const list: ConversationEdit[] = [];
    if (solo.status !== 'open') {
      if (teamStatus === 'open') {
        list.push({
          kind: 'status',
          status: solo.status,
          ...(solo.snoozedUntil === null ? {} : { snoozedUntil: solo.snoozedUntil }),
        });
        carried.statuses += 1;
      } else if (teamStatus !== solo.status || state?.snoozedUntil !== solo.snoozedUntil)
        conflicts.statuses += 1;
    }
    if (solo.assigned) {
      const assignee = state?.assignee ?? null;
      if (assignee === null) {
        list.push({ kind: 'assign', member: actor });
        carried.assignments += 1;
      } else if (assignee !== actor) conflicts.assignments += 1;
    }
    for (const tag of solo.tags) {
      if (!settings.tagByName(tag.name) && role !== 'admin') {
        undefinedTags.set(tag.name, (undefinedTags.get(tag.name) ?? 0) + 1);
        continue;
      }
      list.push({ kind: 'tag', tag: { name: tag.name, define: { color: tag.color } }, on: true });
      carried.tags += 1;
    }
    for (const note of solo.notes) {
      list.push({ kind: 'note', text: note.text, id: note.id, createdAt: note.createdAt });
      carried.notes += 1;
    }
    if (list.length > 0) edits.set(solo.conversationId, list);
  }
  const leftBehind: string[] = [];
  if (undefinedTags.size > 0)
    leftBehind.push(
      `tags the team has not defined (an admin defines them): ${[...undefinedTags]
        .map(([name, n]) => `${name} on ${count(n, 'conversation')}`)
        .join(', ')}`,
    );
  if (conflicts.statuses > 0)
    leftBehind.push(
      `${count(conflicts.statuses, 'status', 'statuses')} the team has set otherwise`,
    );
  if (conflicts.assignments > 0)
    leftBehind.push(
      `${count(conflicts.assignments, 'assignment')} where the team assigned someone else`,
    );
  const parts = [
    count(carried.assignments, 'assignment'),
    count(carried.statuses, 'status', 'statuses'),
    count(carried.tags, 'tag'),
    count(carried.notes, 'note'),
  ].filter((part) => !part.startsWith('0 '));
  return {
    edits,
    leftBehind,
    summary:
      edits.size === 0
        ? ''
        : `carried the solo work on ${count(edits.size, 'conversation')} (${parts.join(', ')})`,
  };
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a join carried. */
export interface Carried {
  /** What was carried, for the user ('' for nothing). */
  summary: string;
  /** What was left behind (`leaveBehind` said so). */
  leftBehind: string[];
  /** Whether the team server has it already (false: it goes out with the next sync). */
  confirmed: boolean;
}

/**
 * Carries `work` into the team workspace `target` as its member: opens it (its core and the
 * shards of those conversations, synced with the server first, to compare with the team's
 * current state), plans, and unless something would be left behind that `leaveBehind` does not
 * allow, makes the edits and `commit`s (the join itself) in one transaction of the cache.
 */
export async function carrySoloWork(
  db: Db,
  dataDir: string,
  target: TeamConfig,
  work: readonly SoloConversation[],
  options: {
    me: SoloMember;
    timeoutMs: number;
    now: number;
    leaveBehind: boolean;
    commit: () => void;
  },
): Promise<Carried> {
  const team = await TeamWorkspace.open(db, dataDir, {
    me: options.me,
    config: target,
    firstSyncMs: options.timeoutMs,
  });
  try {
    const conversations = new Map(
      await Promise.all(
        work.map(
          async ({ conversationId }) =>
            [conversationId, await team.workspace.conversation(conversationId)] as const,
        ),
      ),
    );
    // The team's state of these conversations as the server has it, not as this replica had it.
    await team.session.synced(options.timeoutMs);
    const states = new Map([...conversations].map(([id, handle]) => [id, handle.state()]));
    const plan = planCarry(work, team.workspace, states, options.now);
    if (plan.leftBehind.length > 0 && !options.leaveBehind)
      throw new UserError(
        'conflict',
        `joining would leave solo work behind: ${plan.leftBehind.join('; ')}. Nothing was changed: join again with --leave-solo-work to leave it behind (it stays stored here, unshown)`,
      );
    team.atomically(() => {
      options.commit();
      for (const [id, edits] of plan.edits) conversations.get(id)!.apply(edits);
      team.project([...conversations.values()].map((handle) => handle.state()));
    });
    const confirmed = await team.session.confirmed(options.timeoutMs).catch(() => false);
    return { summary: plan.summary, leftBehind: plan.leftBehind, confirmed };
  } finally {
    await team.close();
  }
}
