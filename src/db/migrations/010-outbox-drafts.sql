-- What the outbox keeps beyond the bytes it sends (src/outbox/outbox-store.ts).
--
-- The blind copies, a JSON array of addresses (`[{"name"?, "address"}]`): they are in no header
-- of the message sent (RFC 5322 §3.6.3, https://www.rfc-editor.org/rfc/rfc5322#section-3.6.3),
-- but the copy filed in the Sent folder names them in a Bcc field, so the team sees who got one.
ALTER TABLE outbox ADD COLUMN bcc_json TEXT NOT NULL DEFAULT '[]';
-- A reply sent from the conversation's shared draft: the draft as it was (text, recipients,
-- subject, JSON), so that undoing the send puts it back for the team to go on with. NULL: not
-- sent from the shared draft.
ALTER TABLE outbox ADD COLUMN draft_json TEXT;
