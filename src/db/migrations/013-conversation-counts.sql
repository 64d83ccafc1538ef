-- The sidebar's counts walk every conversation (mail.counts, src/queries/conversation-counts.ts,
-- after every triage): from this index, which holds all they read, instead of the table's wide
-- rows (subject, participants). At 100,000 conversations: 6 ms instead of 34.
CREATE INDEX conversations_counts ON conversations (account_id, message_count, unread_count);
