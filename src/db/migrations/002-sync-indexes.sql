-- Indexes the sync's own queries read from alone (measured on the 20k corpus, bench:sync).

-- The body phase lists every message still waiting for its text, with the part to fetch. With
-- the part in the index, that list is read from the index alone: the message rows (and their
-- pages, tens of MB on a first sync) stay out of the reading connection's page cache (-20 MB
-- peak RSS).
DROP INDEX messages_pending_body;
CREATE INDEX messages_pending_body ON messages (account_id, received_at, text_part_json) WHERE body_state = 'pending';

-- Threading asks, once per write batch, which subjects have an orphaned reply waiting for its
-- original (thread-index.ts); there are few, and this finds them without a scan.
CREATE INDEX conversations_orphan_subject ON conversations (account_id, normalized_subject) WHERE orphan_reply = 1;
