-- The messages of one sender, newest first, by their address (search's from: with a whole
-- address, which the conversation's contact panel asks at each conversation opened): without
-- it, a sender with one message made the search walk every message, 128 ms at 400,000.
CREATE INDEX messages_from_address ON messages (from_address COLLATE NOCASE, search_key);
