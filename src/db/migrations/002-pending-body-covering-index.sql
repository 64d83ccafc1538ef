-- The body phase lists every message still waiting for its text, with the part to fetch. With
-- the part in the index, that list is read from the index alone: the message rows (and their
-- pages, tens of MB on a first sync) stay out of the reading connection's page cache.
DROP INDEX messages_pending_body;
CREATE INDEX messages_pending_body ON messages (account_id, received_at, text_part_json) WHERE body_state = 'pending';
