-- Local accounts: shared mailboxes whose mail lives in this cache alone, with no server behind
-- them (the demo's mailboxes, src/demo/). The sync never connects anywhere for one, and its mail
-- actions (read, star, archive, move) are final where they are made instead of queued for a
-- server (src/actions/mail-actions.ts). `imap`: every account before this migration.
ALTER TABLE accounts ADD COLUMN transport TEXT NOT NULL DEFAULT 'imap' CHECK (transport IN ('imap', 'local'));

-- The sha256 of the whole message (its RFC 5322 bytes) in the data directory's content-addressed
-- store (src/files/blob-store.ts), as attachments.content_hash is for one part: where opening the
-- message reads it without a server. A local account's messages have it from the moment they are
-- filed (src/sync/local-mailbox.ts); NULL: only the server has it.
ALTER TABLE messages ADD COLUMN source_hash TEXT;
