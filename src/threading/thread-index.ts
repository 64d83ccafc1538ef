import type Database from 'better-sqlite3';
import type { Db } from '../db/open-database.js';
import { conversationIdFor } from './conversation-id.js';
import { isDistinctiveSubject } from './subject.js';

/** What threading needs to know of one message. */
export interface ThreadInput {
  accountId: string;
  accountEmail: string;
  /** The message's own Message-ID, or a synthetic node for a message without one. */
  node: string;
  /** Ancestors from the thread root down to the parent (References, then In-Reply-To). */
  ancestry: string[];
  normalizedSubject: string;
  replySubject: boolean;
  fromAddress: string;
  recipients: string[];
  receivedAt: number;
  listId: string | null;
}

export interface ThreadResult {
  conversationId: string;
  /** Conversation ids that no longer exist: folded into `conversationId` (a late parent). */
  retired: string[];
}

/** How far apart a reply without threading headers may be from what it replies to. */
const SUBJECT_WINDOW_MS = 45 * 24 * 3600 * 1000;
/** RFC 5322 lets References grow without bound; the root and the nearest ancestors matter. */
const MAX_ANCESTRY = 200;

interface NodeRow {
  node: string;
  conversation_id: string;
  has_parent: number;
}

interface CandidateRow {
  id: string;
  participants_json: string;
  first_message_at: number;
  last_message_at: number;
  root_node: string;
}

/**
 * JWZ-style threading (https://www.jwz.org/doc/threading.html) kept incrementally in SQLite.
 *
 * Every Message-ID seen, a message's own or one it references, is a node; the nodes linked by a
 * References chain form one conversation. The root is the first node (by id order) that no
 * message claims a parent for. That makes the conversation id a function of the set of
 * messages, not of the order they arrived in: a late-arriving parent or a resync gives the same
 * id on every machine. When a late message links two conversations, or reveals an older root,
 * the old id is retired and kept as an alias of the new one.
 */
export class ThreadIndex {
  /** By node count: one lookup for all of a message's nodes (see `nodesIn`). */
  private readonly selectNodes = new Map<number, Database.Statement<string[], NodeRow>>();
  private readonly upsertNode;
  private readonly rootOf;
  private readonly anyNodeOf;
  private readonly relabelNodes;
  private readonly relabelMessages;
  private readonly deleteConversation;
  private readonly addAlias;
  private readonly repointAliases;
  private readonly dropAlias;
  private readonly subjectCandidates;
  private readonly orphanCandidates;
  private readonly markHasParent;
  private readonly anyAlias;
  private readonly orphanSubjects;
  /**
   * Facts cached for one write batch (until `endBatch`), to skip the two lookups nearly every
   * message would make and find nothing: an alias to drop, orphaned replies to adopt. Within a
   * write transaction nobody else writes, and this index records its own changes.
   */
  private batch: { aliases?: boolean; orphans?: { accountId: string; subjects: Set<string> } } = {};

  constructor(private readonly db: Db) {
    this.upsertNode = db.prepare(
      `INSERT INTO thread_nodes (account_id, node, conversation_id, has_parent) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, node) DO UPDATE SET
         conversation_id = excluded.conversation_id,
         has_parent = max(has_parent, excluded.has_parent)`,
    );
    this.rootOf = db.prepare<[string], { node: string }>(
      'SELECT node FROM thread_nodes WHERE conversation_id = ? AND has_parent = 0 ORDER BY node LIMIT 1',
    );
    this.anyNodeOf = db.prepare<[string], { node: string }>(
      'SELECT node FROM thread_nodes WHERE conversation_id = ? ORDER BY node LIMIT 1',
    );
    this.relabelNodes = db.prepare(
      'UPDATE thread_nodes SET conversation_id = ? WHERE conversation_id = ?',
    );
    this.relabelMessages = db.prepare(
      'UPDATE messages SET conversation_id = ? WHERE conversation_id = ?',
    );
    this.deleteConversation = db.prepare('DELETE FROM conversations WHERE id = ?');
    this.addAlias = db.prepare(
      `INSERT INTO conversation_aliases (old_id, new_id) VALUES (?, ?)
       ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id`,
    );
    this.repointAliases = db.prepare('UPDATE conversation_aliases SET new_id = ? WHERE new_id = ?');
    this.dropAlias = db.prepare('DELETE FROM conversation_aliases WHERE old_id = ?');
    this.subjectCandidates = db.prepare<[string, string], CandidateRow>(
      `SELECT id, participants_json, first_message_at, last_message_at, root_node FROM conversations
       WHERE account_id = ? AND normalized_subject = ? AND message_count > 0`,
    );
    this.orphanCandidates = db.prepare<[string, string], CandidateRow>(
      `SELECT id, participants_json, first_message_at, last_message_at, root_node FROM conversations
       WHERE account_id = ? AND normalized_subject = ? AND orphan_reply = 1 AND message_count > 0`,
    );
    this.markHasParent = db.prepare(
      'UPDATE thread_nodes SET has_parent = 1 WHERE account_id = ? AND node = ?',
    );
    this.anyAlias = db.prepare<[], { one: number }>(
      'SELECT 1 AS one FROM conversation_aliases LIMIT 1',
    );
    this.orphanSubjects = db.prepare<[string], { normalized_subject: string }>(
      'SELECT DISTINCT normalized_subject FROM conversations WHERE account_id = ? AND orphan_reply = 1',
    );
  }

  /** The caller's write batch (transaction) ended, committed or not: forget what was cached. */
  endBatch(): void {
    this.batch = {};
  }

  /** Files one message; must run inside the caller's write transaction. */
  assign(input: ThreadInput): ThreadResult {
    const ancestry = trimAncestry(input.ancestry.filter((id) => id !== input.node));
    const nodes = [...ancestry, input.node];
    const known = new Map<string, NodeRow>();
    for (const row of this.nodesIn(input.accountId, nodes)) known.set(row.node, row);

    const joined = new Set<string>();
    for (const row of known.values()) joined.add(row.conversation_id);

    // A node is claimed to have a parent by the chain it appears in (RFC 5322 §3.6.4).
    const hasParent = new Map<string, number>();
    ancestry.forEach((node, index) => hasParent.set(node, index > 0 ? 1 : 0));
    hasParent.set(input.node, ancestry.length > 0 ? 1 : 0);

    // The guarded subject fallback. A headerless "Re:" looks for the conversation it answers;
    // and any message may be what earlier-filed headerless replies answer (they can arrive
    // first: newest-first sync, or an original filed in a folder synced later), so it adopts
    // them. Either way round ends in the same conversation.
    const adopted: string[] = [];
    const headerlessReply = ancestry.length === 0 && input.replySubject;
    // Its conversation may be an orphaned reply that a later message of this batch adopts.
    if (headerlessReply) this.orphanSubjectsOf(input.accountId).add(input.normalizedSubject);
    if (!input.listId && isDistinctiveSubject(input.normalizedSubject)) {
      if (headerlessReply && !known.has(input.node)) {
        const parent = this.findSubjectParent(input);
        if (parent) {
          joined.add(parent);
          hasParent.set(input.node, 1);
        }
      }
      for (const orphan of this.findOrphans(input)) {
        if (joined.has(orphan.id) || orphan.root_node === input.node) continue;
        joined.add(orphan.id);
        adopted.push(orphan.root_node);
      }
    }

    let rootMayChange = joined.size !== 1 || adopted.length > 0;
    for (const [node, claim] of hasParent) {
      const before = known.get(node);
      if (!before ? claim === 0 : before.has_parent === 0 && claim === 1) rootMayChange = true;
    }

    // A thread of only new nodes: its root, and so its id, is known before anything is written.
    const fresh =
      joined.size === 0 ? conversationIdFor(input.accountEmail, firstRoot(hasParent)) : undefined;
    if (fresh) rootMayChange = false;
    const [working, ...others] = fresh ? [fresh] : [...joined];
    const retired: string[] = [];
    for (const other of others) {
      this.retire(other, working!);
      retired.push(other);
    }
    for (const node of nodes) {
      // Known nodes are all in `working` now (every conversation they were in was retired into
      // it); only new nodes and new parent claims need a write.
      const claim = hasParent.get(node) ?? 0;
      const before = known.get(node);
      if (!before || claim > before.has_parent)
        this.upsertNode.run(input.accountId, node, working, claim);
    }
    for (const root of adopted) this.markHasParent.run(input.accountId, root);

    let conversationId = working!;
    if (rootMayChange) {
      const root =
        this.rootOf.get(working!)?.node ?? this.anyNodeOf.get(working!)?.node ?? input.node;
      conversationId = conversationIdFor(input.accountEmail, root);
      if (conversationId !== working) {
        this.retire(working!, conversationId);
        if (joined.size > 0) retired.push(working!);
      }
    }
    if (this.aliasesMayExist()) this.dropAlias.run(conversationId);
    return { conversationId, retired: retired.filter((id) => id !== conversationId) };
  }

  private aliasesMayExist(): boolean {
    return (this.batch.aliases ??= this.anyAlias.get() !== undefined);
  }

  /** Subjects of the account's orphaned replies: in the summaries, or filed in this batch. */
  private orphanSubjectsOf(accountId: string): Set<string> {
    if (this.batch.orphans?.accountId !== accountId) {
      const subjects = new Set(
        this.orphanSubjects.all(accountId).map((row) => row.normalized_subject),
      );
      this.batch.orphans = { accountId, subjects };
    }
    return this.batch.orphans.subjects;
  }

  /**
   * The known rows of a message's nodes (its own and its References chain), in one statement:
   * a statement call costs more than the index search it makes, and this is the most frequent
   * query of a first sync (100k lookups for the 20k corpus).
   */
  private nodesIn(accountId: string, nodes: string[]): NodeRow[] {
    let statement = this.selectNodes.get(nodes.length);
    if (!statement) {
      statement = this.db.prepare<string[], NodeRow>(
        `SELECT node, conversation_id, has_parent FROM thread_nodes
         WHERE account_id = ? AND node IN (${nodes.map(() => '?').join(', ')})`,
      );
      this.selectNodes.set(nodes.length, statement);
    }
    return statement.all(accountId, ...nodes);
  }

  /** Moves everything of `from` into `to`, and keeps `from` resolvable as an alias. */
  private retire(from: string, to: string): void {
    this.batch.aliases = true;
    this.relabelNodes.run(to, from);
    this.relabelMessages.run(to, from);
    this.deleteConversation.run(from);
    this.repointAliases.run(to, from);
    this.addAlias.run(from, to);
  }

  /** A "Re:" without References: the conversation it most plausibly answers, if any. */
  private findSubjectParent(input: ThreadInput): string | undefined {
    let best: CandidateRow | undefined;
    for (const candidate of this.subjectCandidates.all(input.accountId, input.normalizedSubject)) {
      if (candidate.first_message_at > input.receivedAt) continue;
      if (input.receivedAt - candidate.last_message_at > SUBJECT_WINDOW_MS) continue;
      if (!sharesCorrespondents(input, JSON.parse(candidate.participants_json) as string[]))
        continue;
      if (!best || candidate.last_message_at > best.last_message_at) best = candidate;
    }
    return best?.id;
  }

  /** Headerless replies that arrived before the original they answer. */
  private findOrphans(input: ThreadInput): CandidateRow[] {
    if (!this.orphanSubjectsOf(input.accountId).has(input.normalizedSubject)) return [];
    return this.orphanCandidates
      .all(input.accountId, input.normalizedSubject)
      .filter((candidate) => {
        if (candidate.first_message_at < input.receivedAt) return false;
        if (candidate.first_message_at - input.receivedAt > SUBJECT_WINDOW_MS) return false;
        return sharesCorrespondents(input, JSON.parse(candidate.participants_json) as string[]);
      });
  }
}

/**
 * The guard of the subject fallback: the sender must already be in the conversation, and the
 * message must be addressed to someone else in it. Two customers writing "Re: [Ticket #12] …" to
 * support@ do not pass (neither is in the other's conversation).
 */
function sharesCorrespondents(input: ThreadInput, participants: string[]): boolean {
  const sender = input.fromAddress.toLowerCase();
  if (!sender || !participants.includes(sender)) return false;
  return input.recipients.some((address) => {
    const lower = address.toLowerCase();
    return lower !== sender && participants.includes(lower);
  });
}

function trimAncestry(ancestry: string[]): string[] {
  if (ancestry.length <= MAX_ANCESTRY) return ancestry;
  return [ancestry[0]!, ...ancestry.slice(-(MAX_ANCESTRY - 1))];
}

/**
 * The root among new nodes, chosen as `rootOf` chooses in SQL: the first parentless node in
 * SQLite's BINARY order (bytes of UTF-8, which JavaScript's string order is not).
 */
function firstRoot(hasParent: Map<string, number>): string {
  const candidates = [...hasParent].filter(([, claim]) => claim === 0).map(([node]) => node);
  const pool = candidates.length ? candidates : [...hasParent.keys()];
  return pool.reduce((best, node) =>
    Buffer.compare(Buffer.from(node), Buffer.from(best)) < 0 ? node : best,
  );
}
