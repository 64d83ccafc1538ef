-- The outbox (src/outbox/): every message this app sends, from the moment it is queued until the
-- server's answer is recorded, kept after as the record of what went out. With the team updates
-- not yet confirmed, the only rows of the cache that no server can give back: never rebuilt,
-- never dropped with a damaged cache's rebuild.
--
-- "Never twice": the Message-ID and the bytes are fixed when the message is queued; a send is
-- claimed (state `sending`) before any connection, and `data_started_at` is written before the
-- message goes on the wire. A `sending` row found by a later process (the sender died) whose data
-- never started is safe to send again; one whose data started is `unknown` unless the Sent folder
-- shows it, and waits for the agent (outbox resend).
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  -- No cascade: an account is not removed while a message of it waits (account-service.ts).
  account_id TEXT NOT NULL REFERENCES accounts(id),
  -- The conversation it answers or forwards; a new conversation's is known once it is threaded.
  conversation_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('reply', 'forward', 'new')),
  -- Without angle brackets, as messages.message_id.
  message_id TEXT NOT NULL UNIQUE,
  raw BLOB NOT NULL,
  envelope_from TEXT NOT NULL,
  -- JSON array of addresses (Bcc included: they are in no header).
  envelope_to TEXT NOT NULL,
  subject TEXT NOT NULL,
  -- Who sent it: the member (team) or this app's user (solo), and as what.
  author_id TEXT,
  author_email TEXT NOT NULL,
  send_mode TEXT NOT NULL CHECK (send_mode IN ('send-as', 'on-behalf')),
  state TEXT NOT NULL CHECK (state IN ('queued', 'scheduled', 'sending', 'sent', 'failed', 'unknown', 'held')),
  created_at INTEGER NOT NULL,
  -- When the reply was started (its draft opened): what the collision guard asks "since?".
  started_at INTEGER NOT NULL,
  -- Not before: the end of the undo window, or the time asked for (scheduled).
  send_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  -- After a temporary failure: the backoff's next try.
  next_attempt_at INTEGER,
  data_started_at INTEGER,
  sent_at INTEGER,
  -- The last failure, as the server said it (failed, or the temporary one retried).
  error TEXT,
  -- Why it is held or unknown, in words; held_json: the collision guard's finding.
  reason TEXT,
  held_json TEXT,
  -- The agent said to send it whatever the collision guard finds (`--anyway`, `send-anyway`).
  skip_guard INTEGER NOT NULL DEFAULT 0 CHECK (skip_guard IN (0, 1)),
  -- The copy in the account's Sent folder: to append, appended, filed by the provider itself.
  sent_copy TEXT CHECK (sent_copy IN ('pending', 'appended', 'provider', 'failed'))
) STRICT;
CREATE INDEX outbox_due ON outbox (send_at) WHERE state IN ('queued', 'scheduled');
CREATE INDEX outbox_conversation ON outbox (conversation_id) WHERE conversation_id IS NOT NULL;

-- Whether the account's provider files a copy of what it sends in the Sent folder itself (Gmail,
-- Outlook.com do): then the outbox appends none, and finds the provider's copy to reconcile.
ALTER TABLE accounts ADD COLUMN provider_files_sent INTEGER NOT NULL DEFAULT 0 CHECK (provider_files_sent IN (0, 1));
-- How the account logs in to SMTP (and IMAP): its secret is a password, or an OAuth 2.0 access
-- token sent as XOAUTH2 (https://developers.google.com/gmail/imap/xoauth2-protocol).
ALTER TABLE accounts ADD COLUMN auth TEXT NOT NULL DEFAULT 'password' CHECK (auth IN ('password', 'xoauth2'));

-- The Reply-To addresses (RFC 5322 §3.6.2: where the author asks replies to go; web forms and
-- notification senders put the person to answer there), a JSON array like to_json and cc_json:
-- `[]` for a message without Reply-To. NULL for a message cached before this migration: whether
-- it has one is unknown, and a reply to it goes to From.
ALTER TABLE messages ADD COLUMN reply_to_json TEXT;

-- The last reply of each conversation as the team knows it (the workspace state's lastReply, see
-- src/team/workspace/state-codec.ts): who sent it (member id, and email for the list) and when,
-- so that every teammate's list says "replied by X at T" as soon as the team layer delivers it,
-- before any mail sync brings the reply itself. NULL: no reply known.
ALTER TABLE conversation_team_state ADD COLUMN last_reply_member TEXT;
ALTER TABLE conversation_team_state ADD COLUMN last_reply_email TEXT;
ALTER TABLE conversation_team_state ADD COLUMN last_reply_at INTEGER;
-- Rows projected before read as no reply known, until projected again: the projection's basis
-- names its format (TeamWorkspace.projectionBasis), so the next sync projects every state document
-- again, once, with the replies the replica holds.
