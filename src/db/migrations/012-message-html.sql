-- Whether a message has an HTML body (a text/html part chosen as its body, alone or as the
-- richest alternative, src/mime/body-structure.ts), recorded when it is filed: the app asks for a
-- message's HTML (mail.message) only when it has one, so a plain-text mail never costs a download.
-- NULL: filed before this migration, not known (the app asks).
ALTER TABLE messages ADD COLUMN has_html INTEGER;
