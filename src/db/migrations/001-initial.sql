-- The local cache. IMAP is the truth for mail and flags; every row here can be rebuilt from the
-- server except `pending_actions` (local changes not yet written back), which must never be lost.

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- The shared mailbox's address is its identity on every teammate's machine (conversation ids
  -- are derived from it), unlike `id`, which is local.
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  imap_url TEXT NOT NULL,
  smtp_url TEXT,
  -- Where the secret lives (e.g. `env:SUPPORT_PASSWORD`), never the secret itself.
  password_ref TEXT,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE mailboxes (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  delimiter TEXT,
  role TEXT,
  -- Sync state (RFC 3501 §2.3.1.1, RFC 7162): messages below uid_next are all in the cache,
  -- flags are current up to highest_modseq, both only valid for this uid_validity.
  uid_validity INTEGER,
  uid_next INTEGER NOT NULL DEFAULT 1,
  highest_modseq INTEGER,
  message_count INTEGER NOT NULL DEFAULT 0,
  last_synced_at INTEGER,
  UNIQUE (account_id, path)
) STRICT;

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL,
  -- One row per distinct message; copies in several folders share it (see dedupe-key.ts).
  dedupe_key TEXT NOT NULL,
  message_id TEXT,
  thread_node TEXT NOT NULL,
  in_reply_to TEXT,
  references_json TEXT NOT NULL DEFAULT '[]',
  subject TEXT NOT NULL DEFAULT '',
  from_name TEXT NOT NULL DEFAULT '',
  from_address TEXT NOT NULL DEFAULT '',
  to_json TEXT NOT NULL DEFAULT '[]',
  cc_json TEXT NOT NULL DEFAULT '[]',
  participants TEXT NOT NULL DEFAULT '',
  sent_at INTEGER,
  received_at INTEGER NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  has_attachments INTEGER NOT NULL DEFAULT 0,
  text_part_json TEXT,
  -- pending: text not fetched yet; done/none/error: final, and the row is in message_search.
  body_state TEXT NOT NULL CHECK (body_state IN ('pending', 'done', 'none', 'error')),
  body_text TEXT,
  -- The message's rowid in message_search once indexed (search-key.ts).
  search_key INTEGER,
  problems TEXT,
  list_id TEXT,
  UNIQUE (account_id, dedupe_key)
) STRICT;
CREATE INDEX messages_conversation ON messages (conversation_id, received_at);
-- Partial: a message enters it when indexed, not when its headers are filed.
CREATE UNIQUE INDEX messages_search_key ON messages (search_key) WHERE search_key IS NOT NULL;
CREATE INDEX messages_pending_body ON messages (account_id, received_at) WHERE body_state = 'pending';

CREATE TABLE message_locations (
  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
  uid INTEGER NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  flags TEXT NOT NULL DEFAULT '',
  seen INTEGER NOT NULL DEFAULT 0,
  flagged INTEGER NOT NULL DEFAULT 0,
  modseq INTEGER,
  PRIMARY KEY (mailbox_id, uid)
) STRICT, WITHOUT ROWID;
CREATE INDEX message_locations_message ON message_locations (message_id);

-- Every Message-ID seen (a message's own or one it references) and the conversation it is in.
CREATE TABLE thread_nodes (
  account_id TEXT NOT NULL,
  node TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  -- Some message claims a parent for this node; the root is the first parentless node.
  has_parent INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, node)
) STRICT, WITHOUT ROWID;
CREATE INDEX thread_nodes_conversation ON thread_nodes (conversation_id);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  root_node TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  normalized_subject TEXT NOT NULL DEFAULT '',
  -- The root is a reply with no threading headers; a later original may adopt it.
  orphan_reply INTEGER NOT NULL DEFAULT 0,
  message_count INTEGER NOT NULL DEFAULT 0,
  unread_count INTEGER NOT NULL DEFAULT 0,
  first_message_at INTEGER NOT NULL DEFAULT 0,
  last_message_at INTEGER NOT NULL DEFAULT 0,
  participants_json TEXT NOT NULL DEFAULT '[]',
  has_attachments INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX conversations_recent ON conversations (account_id, last_message_at DESC);
CREATE INDEX conversations_subject ON conversations (account_id, normalized_subject);

-- A conversation id that was merged into another keeps resolving (team state refers to it).
CREATE TABLE conversation_aliases (
  old_id TEXT PRIMARY KEY,
  new_id TEXT NOT NULL
) STRICT;

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  part TEXT NOT NULL,
  filename TEXT,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  content_id TEXT,
  disposition TEXT,
  -- sha256 of the decoded content in the content-addressed store, once fetched.
  content_hash TEXT,
  UNIQUE (message_id, part)
) STRICT;

-- Local mail actions not yet written back to the server (the only non-rebuildable mail state).
CREATE TABLE pending_actions (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('flags', 'move', 'delete')),
  mailbox_path TEXT NOT NULL,
  uid INTEGER NOT NULL,
  payload_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
) STRICT;

-- Full-text index, keyed by messages.search_key (see search-key.ts): rowids in time order let a
-- query rank the newest matches first and turn before:/after: into rowid ranges. Contentless
-- (the text lives in messages; snippets are cut from messages.body_text). Rows are removed with
-- the 'delete' command and the values they were indexed with (message-writer.ts), which indexes
-- a quarter faster than contentless_delete = 1 on the benchmark corpus.
CREATE VIRTUAL TABLE message_search USING fts5 (
  subject,
  participants,
  body_text,
  content = '',
  tokenize = 'unicode61 remove_diacritics 2'
);
