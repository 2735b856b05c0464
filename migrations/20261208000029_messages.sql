-- Messages (消息): what waits on a person, written in the same transaction as the event that
-- makes it, so none is lost or doubled. A message names its kind and a subject (a category, a
-- title, a number: never a resident's personal data) that the reader's language renders, and
-- the page it links to.
ALTER TABLE notifications RENAME TO messages;
ALTER TABLE messages ADD COLUMN subject TEXT;
ALTER TABLE messages ADD COLUMN link TEXT;
-- The unread count in every page's header reads this index only.
CREATE INDEX messages_unread ON messages (account_id, read_at);
-- A page of one account's messages, newest first, from a cursor.
DROP INDEX notifications_account;
CREATE INDEX messages_list ON messages (account_id, created_at, id);
