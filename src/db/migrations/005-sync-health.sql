-- What the last sync of each account and folder ran into, so a failure is shown where it happened
-- (the UI marks the folder or the account) instead of stopping the others, and when a folder
-- without CONDSTORE last had all its flags compared (a full rescan is due every few minutes; the
-- polls between only look at what STATUS says changed).

-- The last failure of a folder's sync (one line for a user), and when; NULL once it syncs again.
ALTER TABLE mailboxes ADD COLUMN sync_error TEXT;
ALTER TABLE mailboxes ADD COLUMN sync_error_at INTEGER;
-- Without CONDSTORE (RFC 7162) flag changes do not show in STATUS: when every flag of the folder
-- was last compared with the server's.
ALTER TABLE mailboxes ADD COLUMN flags_scanned_at INTEGER;
-- The server's UNSEEN count at the last sync (RFC 3501 §6.3.10), a cheap sign that flags changed.
ALTER TABLE mailboxes ADD COLUMN unseen_count INTEGER;

-- The last failure of an account as a whole (could not connect, wrong password), and when.
ALTER TABLE accounts ADD COLUMN sync_error TEXT;
ALTER TABLE accounts ADD COLUMN sync_error_at INTEGER;
